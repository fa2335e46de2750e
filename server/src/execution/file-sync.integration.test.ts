/**
 * Files between the workspace and its environment, against a real server on the
 * local backend: what a command writes becomes an item, a tree event and text on
 * GET /files; an edit over HTTP or `/sync` reaches the file on disk; `rm` deletes
 * the item; binary output is listed, not loaded, and never overwritten by its
 * empty placeholder; what the server pushed does not come back as a change.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { insertMember, insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Call } from '../workspace/test-client';
import { TerminalTestClient, type Msg } from './terminal-test-client';

let server: TestServer;
let owner: FixtureUser;
let viewer: FixtureUser;
let asOwner: Call;
const sockets: TerminalTestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  owner = await insertUser(server.context.db);
  viewer = await insertUser(server.context.db);
  asOwner = client(server.url, owner.token);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

async function newWorkspace(): Promise<{ id: string; socket: TerminalTestClient; dir: string }> {
  const id = (await asOwner('POST', '/api/workspaces', { name: 'files' })).body.workspace.id as string;
  const socket = TerminalTestClient.connect(server.wsUrl, id, owner.token);
  sockets.push(socket);
  await socket.waitFor((m) => m.type === 'hello', 'hello');
  return { id, socket, dir: join(server.context.config.dataDir, 'workspaces', id) };
}

async function run(ws: string, command: string, as: Call = asOwner) {
  return as('POST', `/api/workspaces/${ws}/run`, { command });
}

/** Polls until `check` passes (files travel through debounced pushes and pulls). */
async function eventually<T>(check: () => Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const diskText = (dir: string, path: string) => readFile(join(dir, path), 'utf8');
const treeEvents = (socket: TerminalTestClient, path: string) =>
  socket.messages.filter((m: Msg) => m.type === 'tree' && m.change.item.path === path).map((m) => m.change.kind);

describe('files between the workspace and its environment', () => {
  it('TREE-1, TREE-5: brings back a file a terminal command created: item, tree event (naming no one), text', async () => {
    const { id, socket } = await newWorkspace();
    socket.send({ type: 'term.open', cols: 80, rows: 24 });
    const { termId } = await socket.waitFor((m) => m.type === 'term.opened', 'term.opened', 20_000);
    socket.send({ type: 'term.input', termId, data: 'mkdir -p gen && echo x > gen/out.txt && echo made-$((1+1))\r' });
    await socket.waitForOutput(termId, (t) => t.includes('made-2'), 'command output');

    const created = await socket.waitFor((m) => m.type === 'tree' && m.change.item.path === 'gen/out.txt', 'tree event for gen/out.txt');
    expect(created.change).toMatchObject({ kind: 'created', item: { type: 'file', name: 'out.txt' } });
    expect(created.change.by).toBeUndefined();
    expect(treeEvents(socket, 'gen')).toEqual(['created']);
    const items = (await asOwner('GET', `/api/workspaces/${id}/items`)).body.items.map((i: { path: string }) => i.path);
    expect(items).toEqual(expect.arrayContaining(['gen', 'gen/out.txt']));
    expect((await asOwner('GET', `/api/workspaces/${id}/files/gen/out.txt`)).text).toBe('x\n');
  });

  it('pushes an edit made over HTTP to the file in the environment, and it does not bounce back', async () => {
    const { id, socket, dir } = await newWorkspace();
    await run(id, 'true'); // the environment is up
    expect((await asOwner('PUT', `/api/workspaces/${id}/files/src/notes.txt`, 'hello from the editor')).status).toBe(201);
    await eventually(async () => expect(await diskText(dir, 'src/notes.txt')).toBe('hello from the editor'), 'new file on disk');
    expect((await asOwner('PUT', `/api/workspaces/${id}/files/src/notes.txt`, 'changed text')).status).toBe(200);
    await eventually(async () => expect(await diskText(dir, 'src/notes.txt')).toBe('changed text'), 'changed file on disk');

    const eventsBefore = treeEvents(socket, 'src/notes.txt');
    // `run` answers once the files the command changed are applied: the pushed file is not among them.
    const cat = await run(id, 'cat src/notes.txt');
    expect(cat.body).toEqual({ exitCode: 0, output: 'changed text' });
    expect(treeEvents(socket, 'src/notes.txt')).toEqual(eventsBefore);
  });

  it('SYNC-8, SYNC-11: pushes typing over /sync to the file on disk', async () => {
    const { id, dir } = await newWorkspace();
    await run(id, 'true');
    const main = (await asOwner('GET', `/api/workspaces/${id}/items`)).body.items.find((i: { path: string }) => i.path === 'main.py');
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${server.wsUrl}/sync/${id}`, main.id, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: owner.token },
    });
    try {
      await eventually(async () => expect(provider.synced).toBe(true), 'synced');
      const text = doc.getText('content');
      text.insert(0, '# typed together\n');
      const expected = text.toString();
      await eventually(async () => expect(await diskText(dir, 'main.py')).toBe(expected), 'typed text on disk');
    } finally {
      provider.destroy();
      doc.destroy();
    }
  });

  it('propagates renames, moves and deletions made in the tree to the environment', async () => {
    const { id, dir } = await newWorkspace();
    await run(id, 'true');
    await asOwner('PUT', `/api/workspaces/${id}/files/lib/util.py`, 'def f(): pass\n');
    await eventually(async () => expect(await diskText(dir, 'lib/util.py')).toBe('def f(): pass\n'), 'file on disk');
    const items = (await asOwner('GET', `/api/workspaces/${id}/items`)).body.items as Array<{ id: string; path: string }>;
    const byPath = (p: string) => items.find((i) => i.path === p)!.id;

    // A folder rename carries its files; a file move carries its text.
    expect((await asOwner('PATCH', `/api/workspaces/${id}/items/${byPath('lib')}`, { name: 'pkg' })).status).toBe(200);
    expect((await asOwner('PATCH', `/api/workspaces/${id}/items/${byPath('main.py')}`, { parentId: byPath('lib') })).status).toBe(200);
    const listing = async () => (await run(id, 'find . -type f | sort')).body.output;
    await eventually(async () => expect(await listing()).toBe('./pkg/main.py\n./pkg/util.py\n'), 'renamed and moved on disk');
    expect(await diskText(dir, 'pkg/util.py')).toBe('def f(): pass\n');

    expect((await asOwner('DELETE', `/api/workspaces/${id}/files/pkg/util.py`)).status).toBe(204);
    await eventually(async () => expect(await listing()).toBe('./pkg/main.py\n'), 'deleted on disk');
  });

  it('TREE-1: deletes the item of a file a command removed', async () => {
    const { id, socket } = await newWorkspace();
    expect((await run(id, 'rm main.py')).body.exitCode).toBe(0);
    expect(treeEvents(socket, 'main.py')).toEqual(['deleted']);
    expect((await asOwner('GET', `/api/workspaces/${id}/files/main.py`)).status).toBe(404);
  });

  it('TREE-4: lists a binary file without loading it, and never overwrites it with its placeholder', async () => {
    const { id, socket, dir } = await newWorkspace();
    expect((await run(id, "printf 'a\\000b\\001' > blob.bin")).body.exitCode).toBe(0);
    const listed = (await asOwner('GET', `/api/workspaces/${id}/items`)).body.items.find((i: { path: string }) => i.path === 'blob.bin');
    expect(listed).toMatchObject({ type: 'file', size: 0 });
    const flagged = socket.messages.find((m) => m.type === 'tree' && m.change.item.path === 'blob.bin' && m.change.item.unloaded);
    expect(flagged?.change.item.unloaded).toEqual({ size: 4, reason: 'binary' });

    // A later edit elsewhere is pushed after anything queued for blob.bin would have been.
    await asOwner('PUT', `/api/workspaces/${id}/files/after.txt`, 'later');
    await eventually(async () => expect(await diskText(dir, 'after.txt')).toBe('later'), 'later edit on disk');
    expect((await readFile(join(dir, 'blob.bin'))).length).toBe(4);
  });

  it('lets editors run commands and refuses viewers (403)', async () => {
    const { id } = await newWorkspace();
    await insertMember(server.context.db, id, viewer.id, 'viewer');
    expect((await run(id, 'echo hi', client(server.url, viewer.token))).body.error.code).toBe('insufficient_role');
    expect((await run(id, 'exit 7')).body).toEqual({ exitCode: 7, output: '' });
    expect((await asOwner('POST', `/api/workspaces/${id}/run`, { command: '' })).status).toBe(400);
  });
});
