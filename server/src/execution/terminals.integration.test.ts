/**
 * Terminals over `/ws/<workspaceId>` against a real server on the local backend:
 * output with offsets and exit codes, a shared terminal seen alike by two clients,
 * exact resumption with `since`, viewers who watch but cannot type, non-members
 * refused, bad fields answered with `invalid_message`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMember, insertUser, insertWorkspace, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { TerminalTestClient, type Msg } from './terminal-test-client';

let server: TestServer;
let owner: FixtureUser;
let viewer: FixtureUser;
let outsider: FixtureUser;
let workspaceId: string;
const clients: TerminalTestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  owner = await insertUser(server.context.db);
  viewer = await insertUser(server.context.db);
  outsider = await insertUser(server.context.db);
  workspaceId = await insertWorkspace(server.context.db, owner.id);
  await insertMember(server.context.db, workspaceId, viewer.id, 'viewer');
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

function connect(user: FixtureUser, ws = workspaceId): TerminalTestClient {
  const client = TerminalTestClient.connect(server.wsUrl, ws, user.token);
  clients.push(client);
  return client;
}

async function openTerminal(client: TerminalTestClient): Promise<string> {
  const before = client.messages.length;
  client.send({ type: 'term.open', cols: 80, rows: 24 });
  const opened = await client.waitFor((m) => m.type === 'term.opened', 'term.opened', 20_000, before);
  return opened.termId;
}

const ofType = (type: string) => (m: Msg) => m.type === type;

describe('terminals on the workspace socket', () => {
  it('TERM-1, TERM-2, TERM-4, TERM-8, TERM-11, ENV-1: runs a command, streams its output with offsets, and reports the exit code', async () => {
    const client = connect(owner);
    const termId = await openTerminal(client);
    expect(client.messages.find(ofType('term.opened'))).toEqual({ type: 'term.opened', termId, cols: 80, rows: 24 });
    // The environment went through starting to ready, announced to the socket.
    await client.waitFor((m) => m.type === 'env.status' && m.status === 'ready', 'env.status ready');

    client.send({ type: 'term.input', termId, data: 'echo hi-$((40+2))\r' });
    const text = await client.waitForOutput(termId, (t) => t.includes('hi-42'), 'echo output');
    expect(client.output(termId).start).toBe(0);
    expect(text).toContain('hi-42');

    client.send({ type: 'term.input', termId, data: 'exit 3\r' });
    expect(await client.waitFor(ofType('term.exit'), 'term.exit')).toEqual({ type: 'term.exit', termId, code: 3 });

    const listFrom = client.messages.length;

    client.send({ type: 'term.list' });
    const list = await client.waitFor(ofType('term.list'), 'term.list', 10_000, listFrom);
    expect(list.terminals).toContainEqual({ termId, cols: 80, rows: 24, exited: true, exitCode: 3 });
  });

  it('TERM-9: announces a terminal opened or closed by a collaborator to everyone in the workspace', async () => {
    const opener = connect(owner);
    const watcher = connect(viewer);
    await watcher.waitFor(ofType('hello'), 'hello');
    const before = watcher.messages.length;
    const termId = await openTerminal(opener);
    const listed = await watcher.waitFor(
      (m) => m.type === 'term.list' && (m.terminals as Array<{ termId: string }>).some((t) => t.termId === termId),
      'term.list with the new terminal',
      20_000,
      before,
    );
    expect(listed.terminals).toContainEqual(expect.objectContaining({ termId, exited: false }));
    const beforeClose = watcher.messages.length;
    opener.send({ type: 'term.close', termId });
    await watcher.waitFor(
      (m) => m.type === 'term.list' && !(m.terminals as Array<{ termId: string; exited: boolean }>).some((t) => t.termId === termId && !t.exited),
      'term.list without the closed terminal',
      20_000,
      beforeClose,
    );
  });

  it('TERM-12: shares a terminal: a second client attaches, sees the same stream, and a later socket resumes exactly', async () => {
    const first = connect(owner);
    const termId = await openTerminal(first);
    first.send({ type: 'term.input', termId, data: 'echo one-$((1+1))\r' });
    await first.waitForOutput(termId, (t) => t.includes('one-2'), 'first output');

    // A collaborator attaches from the start of the scrollback.
    const second = connect(owner);
    second.send({ type: 'term.attach', termId, since: 0 });
    await second.waitForOutput(termId, (t) => t.includes('one-2'), 'replayed output');

    first.send({ type: 'term.input', termId, data: 'echo two-$((2+2))\r' });
    await first.waitForOutput(termId, (t) => t.includes('two-4'), 'live output (typist)');
    await second.waitForOutput(termId, (t) => t.includes('two-4'), 'live output (watcher)');

    // The watcher goes away, output continues, and it comes back from where it was.
    const seen = second.output(termId);
    second.close();
    await second.closed;
    first.send({ type: 'term.input', termId, data: 'echo three-$((3+3))\r' });
    await first.waitForOutput(termId, (t) => t.includes('three-6'), 'output while the watcher was away');

    const back = connect(owner);
    back.send({ type: 'term.attach', termId, since: seen.end });
    await back.waitForOutput(termId, (t) => t.includes('three-6'), 'resumed output');
    first.send({ type: 'term.input', termId, data: 'echo four-$((4+4))\r' });
    await first.waitForOutput(termId, (t) => t.includes('four-8'), 'final output');
    await back.waitForOutput(termId, (t) => t.includes('four-8'), 'final output (resumed)');

    // Nothing lost, nothing repeated: the pieces put together are the whole stream.
    const whole = first.output(termId);
    const resumed = back.output(termId);
    expect(resumed.start).toBe(seen.end);
    const upTo = Math.min(whole.end, resumed.end);
    expect((seen.text + resumed.text).slice(0, upTo)).toBe(whole.text.slice(0, upTo));
    expect(second.messages.filter(ofType('term.skipped'))).toEqual([]);
  });

  it('TERM-16: lets a viewer watch a shared terminal but not type, open, resize, close or start anything', async () => {
    const typist = connect(owner);
    const termId = await openTerminal(typist);
    const watcher = connect(viewer);
    expect(await watcher.waitFor(ofType('hello'), 'hello')).toMatchObject({ role: 'viewer' });
    watcher.send({ type: 'term.attach', termId, since: 0 });

    watcher.send({ type: 'term.input', termId, data: 'echo VIEWER-$((7*6))\r', ref: 'in' });
    watcher.send({ type: 'term.open', cols: 80, rows: 24, ref: 'open' });
    watcher.send({ type: 'term.resize', termId, cols: 100, rows: 30, ref: 'resize' });
    watcher.send({ type: 'term.close', termId, ref: 'close' });
    watcher.send({ type: 'env.start', ref: 'start' });
    await watcher.waitFor((m) => m.type === 'error' && m.ref === 'start', 'the last refusal');
    expect(watcher.errors().map((e) => [e.ref, e.code])).toEqual([
      ['in', 'forbidden'], ['open', 'forbidden'], ['resize', 'forbidden'], ['close', 'forbidden'], ['start', 'forbidden'],
    ]);

    typist.send({ type: 'term.input', termId, data: 'echo marker-$((5*5))\r' });
    await typist.waitForOutput(termId, (t) => t.includes('marker-25'), 'marker (typist)');
    const watched = await watcher.waitForOutput(termId, (t) => t.includes('marker-25'), 'marker (viewer)');
    // Nothing the viewer sent reached the shell.
    expect(watched).not.toContain('VIEWER');
    expect(typist.output(termId).text).not.toContain('VIEWER');
    const listFrom = typist.messages.length;
    typist.send({ type: 'term.list' });
    const list = await typist.waitFor(ofType('term.list'), 'term.list', 10_000, listFrom);
    expect(list.terminals.find((t: { termId: string }) => t.termId === termId)).toMatchObject({ cols: 80, rows: 24, exited: false });
  });

  it('CLOSE-3: refuses a non-member at the door (4403)', async () => {
    const stranger = connect(outsider);
    expect((await stranger.closed).code).toBe(4403);
    expect(stranger.messages).toEqual([]);
  });

  it('WS-9: answers bad fields and unknown terminals with stable error codes, and stays open', async () => {
    const client = connect(owner);
    await client.waitFor(ofType('hello'), 'hello');
    client.send({ type: 'term.open', cols: 0, rows: 24, ref: 1 });
    client.send({ type: 'term.input', termId: 42, data: 'x', ref: 2 });
    client.send({ type: 'term.input', termId: 't', data: 'x'.repeat(64 * 1024 + 1), ref: 3 });
    client.send({ type: 'term.attach', termId: 't', since: -5, ref: 4 });
    client.send({ type: 'term.input', termId: 'no-such-terminal', data: 'x', ref: 5 });
    client.send({ type: 'term.attach', termId: 'no-such-terminal', since: 0, ref: 6 });
    await client.waitFor((m) => m.type === 'error' && m.ref === 6, 'the last error');
    expect(client.errors().map((e) => [e.ref, e.code])).toEqual([
      [1, 'invalid_message'], [2, 'invalid_message'], [3, 'invalid_message'], [4, 'invalid_message'],
      [5, 'terminal_not_found'], [6, 'terminal_not_found'],
    ]);
    const listFrom = client.messages.length;
    client.send({ type: 'term.list' });
    await client.waitFor(ofType('term.list'), 'the socket still answers', 10_000, listFrom);
  });

  it('WS-5, ENV-1: tells a socket that opens later the environment status right after hello', async () => {
    const client = connect(owner);
    await client.waitFor(ofType('env.status'), 'env.status');
    expect(client.messages[0]!.type).toBe('hello');
    expect(client.messages[1]).toEqual({ type: 'env.status', status: 'ready' });
  });
});

/** Opens a terminal in a fresh workspace of `on`: the error it is answered with, and the failed status every socket gets. */
async function refusedOpen(on: TestServer): Promise<{ error: Msg; status: Msg }> {
  const user = await insertUser(on.context.db);
  const ws = await insertWorkspace(on.context.db, user.id);
  const client = TerminalTestClient.connect(on.wsUrl, ws, user.token);
  clients.push(client);
  client.send({ type: 'term.open', cols: 80, rows: 24, ref: 'open' });
  const error = await client.waitFor((m) => m.type === 'error', 'error', 20_000);
  const status = await client.waitFor((m) => m.type === 'env.status' && m.status === 'failed', 'env.status failed');
  const listFrom = client.messages.length;
  client.send({ type: 'term.list' });
  expect((await client.waitFor(ofType('term.list'), 'term.list', 10_000, listFrom)).terminals).toEqual([]);
  return { error, status };
}

describe('an environment that cannot start', () => {
  it('ENV-1: answers term.open with environment_failed and tells every socket why', async () => {
    const failing = await startTestServer();
    try {
      // A file where the workspace folders should go: every local start fails, for real.
      await writeFile(join(failing.context.config.dataDir, 'workspaces'), 'not a folder');
      const { error, status } = await refusedOpen(failing);
      expect(error).toMatchObject({ code: 'environment_failed', ref: 'open' });
      expect(status.reason).toContain('workspace folder');
    } finally {
      await failing.stop();
    }
  });

  it('ENV-1: refuses terminals with sandbox_unavailable and what to install when the sandbox cannot start here', async () => {
    // No bwrap on PATH while the server decides: the sandbox is unavailable, and nothing runs bare.
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    let failing: TestServer;
    try {
      failing = await startTestServer();
    } finally {
      process.env.PATH = path;
    }
    try {
      const { error, status } = await refusedOpen(failing);
      expect(error).toMatchObject({ code: 'sandbox_unavailable', ref: 'open' });
      expect(status.reason).toMatch(/apt-get install bubblewrap/);
    } finally {
      await failing.stop();
    }
  });
});
