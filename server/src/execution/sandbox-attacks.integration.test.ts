/**
 * The terminal as an attacker uses it: a real server on the local backend in its
 * sandbox, a real terminal over `/ws`, real HTTP. Each test is an attack that
 * worked before the sandbox (docs/security.md) and must fail now.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Call } from '../workspace/test-client';
import { TerminalTestClient } from './terminal-test-client';

let server: TestServer;
let alice: FixtureUser;
let mallory: FixtureUser;
let asAlice: Call;
let asMallory: Call;
const sockets: TerminalTestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  alice = await insertUser(server.context.db);
  mallory = await insertUser(server.context.db);
  asAlice = client(server.url, alice.token);
  asMallory = client(server.url, mallory.token);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

function alive(pattern: string): boolean {
  try {
    return execFileSync('pgrep', ['-f', pattern]).toString().trim() !== '';
  } catch {
    return false;
  }
}

async function workspace(as: Call, name: string): Promise<string> {
  return (await as('POST', '/api/workspaces', { name })).body.workspace.id as string;
}

/** Types a script into a fresh terminal of the workspace and returns what it printed between two markers. */
async function inTerminal(workspaceId: string, user: FixtureUser, script: string): Promise<string> {
  const socket = TerminalTestClient.connect(server.wsUrl, workspaceId, user.token);
  sockets.push(socket);
  socket.send({ type: 'term.open', cols: 200, rows: 50 });
  const { termId } = await socket.waitFor((m) => m.type === 'term.opened', 'term.opened', 30_000);
  // The markers are printed, not typed: the echo of the typed line does not match them.
  socket.send({ type: 'term.input', termId, data: `printf '%s\\n' "BEGIN""MARK"; ${script}; printf '%s\\n' "END""MARK"\r` });
  const text = await socket.waitForOutput(termId, (t) => /ENDMARK\r?\n/.test(t.split('BEGINMARK').at(-1) ?? ''), 'the script to finish', 60_000);
  socket.send({ type: 'term.close', termId });
  return text.split('BEGINMARK').at(-1)!.split('ENDMARK')[0]!.replace(/\r/g, '').trim();
}

describe('a terminal is a sandbox no user can leave', () => {
  it('cannot read another user\'s workspace, the data folder, /etc/shadow or the server\'s database credentials', async () => {
    const victim = await workspace(asAlice, 'victim');
    expect((await asAlice('PUT', `/api/workspaces/${victim}/files/secret.txt`, 'alice-secret', { 'content-type': 'text/plain' })).status).toBeLessThan(300);
    await asAlice('POST', `/api/workspaces/${victim}/run`, { command: 'cat secret.txt' }); // its environment exists, with the file on disk
    const attacker = await workspace(asMallory, 'attacker');
    const dataDir = server.context.config.dataDir;
    const out = await inTerminal(
      attacker,
      mallory,
      [
        `cat ${dataDir}/workspaces/${victim}/secret.txt 2>/dev/null || echo no-victim`,
        `ls ${dataDir} 2>/dev/null || echo no-data-dir`,
        'cat /etc/shadow 2>/dev/null || echo no-shadow',
        'env | grep -c DATABASE_URL',
      ].join('; '),
    );
    expect(out.split('\n')).toEqual(['no-victim', 'no-data-dir', 'no-shadow', '0']);
  });

  it('cannot reach the server on loopback, nor see or signal its process', async () => {
    const id = await workspace(asMallory, 'network');
    const port = new URL(server.url).port;
    const out = await inTerminal(
      id,
      mallory,
      [
        `(exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET /api/health HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3) 2>/dev/null | head -1 || true`,
        'echo probed',
        `kill -0 ${process.pid} 2>/dev/null && echo SIGNALLED || echo no-such-process`,
      ].join('; '),
    );
    expect(out.split('\n')).toEqual(['probed', 'no-such-process']);
  });

  it('has no capabilities and cannot remount the system writable', async () => {
    const id = await workspace(asMallory, 'caps');
    const out = await inTerminal(id, mallory, 'grep CapEff /proc/self/status | cut -f2; mount -o remount,bind,rw /usr 2>/dev/null && echo REMOUNTED || echo no-remount; touch /usr/x 2>/dev/null && echo WROTE || echo read-only');
    expect(out.split('\n')).toEqual(['0000000000000000', 'no-remount', 'read-only']);
  });

  it('POST /run answers when its command returns, and takes every process it started along', async () => {
    const id = await workspace(asMallory, 'detached');
    const started = Date.now();
    const res = await asMallory('POST', `/api/workspaces/${id}/run`, { command: 'setsid sleep 4747 & nohup sleep 4748 >/dev/null 2>&1 & echo started' });
    expect(res.status).toBe(200);
    expect(res.body.output.trim()).toBe('started');
    expect(Date.now() - started).toBeLessThan(15_000);
    // Seen from the host: nothing of it is left.
    const deadline = Date.now() + 10_000;
    while (alive('sleep 474[78]') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive('sleep 474[78]')).toBe(false);
  });
});
