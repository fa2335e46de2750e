/**
 * What a shell writes for itself stays out of the project: a real server on the local
 * backend in its sandbox, a real terminal over `/ws`. The shell's history goes to
 * `HISTFILE` outside the workspace, and the history, `__pycache__` and the like are
 * never pulled back into the tree even when they are written into the workspace;
 * an ordinary file written in the same session is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Call } from '../workspace/test-client';
import { TerminalTestClient } from './terminal-test-client';

let server: TestServer;
let alice: FixtureUser;
let asAlice: Call;
const sockets: TerminalTestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  alice = await insertUser(server.context.db);
  asAlice = client(server.url, alice.token);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

const paths = async (id: string): Promise<string[]> =>
  ((await asAlice('GET', `/api/workspaces/${id}/items`)).body.items as Array<{ path: string }>).map((i) => i.path);

describe("a shell's own files", () => {
  it('keep out of the tree: history and __pycache__ never appear, a file made alongside does', async () => {
    const id = (await asAlice('POST', '/api/workspaces', { name: 'shell-files' })).body.workspace.id as string;
    const socket = TerminalTestClient.connect(server.wsUrl, id, alice.token);
    sockets.push(socket);
    socket.send({ type: 'term.open', cols: 200, rows: 50 });
    const { termId } = await socket.waitFor((m) => m.type === 'term.opened', 'term.opened', 30_000);
    // Writes the history where bash puts it and, on purpose, into the workspace too
    // (`history -w .bash_history`), so the ignore list is tested, not only HISTFILE.
    const script = [
      'echo "histfile=$HISTFILE"',
      'echo hi',
      'history -a',
      "printf 'X = 1\\n' > mod.py",
      'python3 -c "import json, mod; print(\'imported\', mod.X)"',
      'history -w .bash_history',
      'echo "listing: $(ls -A | tr \'\\n\' \' \')"',
      'echo keep > kept.txt',
      'exit',
    ].join('; ');
    socket.send({ type: 'term.input', termId, data: `${script}\r` });
    await socket.waitFor((m) => m.type === 'term.exit' && m.termId === termId, 'the shell to exit', 60_000);
    const output = socket.output(termId).text.replace(/\r/g, '');
    expect(output).toContain('histfile=/tmp/.bash_history');
    expect(output).toContain('imported 1');
    // They did land in the workspace folder: what follows is the ignore list at work.
    const listing = output.split('\n').find((l) => l.startsWith('listing: '))!;
    expect(listing.split(' ')).toEqual(expect.arrayContaining(['.bash_history', '__pycache__', 'mod.py']));

    await expect.poll(() => paths(id), { timeout: 20_000, interval: 200 }).toEqual(expect.arrayContaining(['kept.txt', 'mod.py']));
    const tree = await paths(id);
    expect(tree.filter((p) => p.split('/').some((s) => ['.bash_history', '__pycache__', '.python_history'].includes(s)))).toEqual([]);
  }, 90_000);

  it('keep out what .tandemignore lists, and an edit to it counts from the next pull', async () => {
    const id = (await asAlice('POST', '/api/workspaces', { name: 'ignore-file' })).body.workspace.id as string;
    expect((await asAlice('PUT', `/api/workspaces/${id}/files/.tandemignore`, 'secret.txt\ndist/\n')).status).toBe(201);
    const run = (command: string) => asAlice('POST', `/api/workspaces/${id}/run`, { command });
    expect((await run('echo s > secret.txt; mkdir -p dist; echo d > dist/out.js; echo p > public.txt')).status).toBe(200);
    expect((await paths(id)).sort()).toEqual(['.tandemignore', 'main.py', 'public.txt']);

    // No restart: the next pull reads the edited file; secret.txt, still in the environment, comes back.
    expect((await asAlice('PUT', `/api/workspaces/${id}/files/.tandemignore`, 'dist/\n')).status).toBe(200);
    expect((await run('true')).status).toBe(200);
    expect((await paths(id)).sort()).toEqual(['.tandemignore', 'main.py', 'public.txt', 'secret.txt']);
    expect((await asAlice('GET', `/api/workspaces/${id}/files/secret.txt`)).text).toBe('s\n');

    // A file the workspace holds that the file comes to match: still a document, still pushed; the environment's changes to it stay out.
    expect((await asAlice('PUT', `/api/workspaces/${id}/files/.tandemignore`, 'dist/\npublic.txt\n')).status).toBe(200);
    expect((await asAlice('PUT', `/api/workspaces/${id}/files/public.txt`, 'from the editor\n')).status).toBe(200);
    const seen = await run('cat public.txt; echo changed > public.txt');
    expect(seen.body.output).toContain('from the editor');
    expect((await asAlice('GET', `/api/workspaces/${id}/files/public.txt`)).text).toBe('from the editor\n');
  }, 90_000);
});
