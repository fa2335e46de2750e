/**
 * Threads live on `/ws` (docs/protocols.md THREAD-1..3), against real servers: what one
 * member does is pushed to the others' sockets, on this replica and on a
 * second one sharing the database; and after a restart the threads and their states are
 * what they were. Every message is checked against the protocol's schemas.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TerminalTestClient, type Msg } from '../execution/terminal-test-client';
import { connectProvider, eventually, synced, type ProviderClient } from '../sync/sync-test-clients';
import { numberedLines, threadWorld, type ThreadWorld } from '../testing/thread-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client } from '../workspace/test-client';

let server: TestServer;
let replica: TestServer;
const sockets: TerminalTestClient[] = [];
const providers: ProviderClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  replica = await startTestServer({}, server.database);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
  for (const p of providers.splice(0)) p.destroy();
});
afterAll(async () => {
  await replica?.close();
  await server?.stop();
});

async function socketOf(on: TestServer, w: ThreadWorld, token: string): Promise<TerminalTestClient> {
  const socket = TerminalTestClient.connect(on.wsUrl, w.workspaceId, token);
  sockets.push(socket);
  await socket.waitFor((m) => m.type === 'hello', 'hello');
  return socket;
}

const threadMessage = (id: string, pred: (t: any) => boolean = () => true) => (m: Msg) => m.type === 'thread' && m.thread.id === id && pred(m.thread);

// Pushed, not polled: the sockets only ever hear what the server sends them. Generous, so
// a loaded test machine cannot fail it; how fast is the benches' business.
const PUSHED_MS = 5_000;

describe('threads, live', () => {
  it('THREAD-1, THREAD-2: a new thread, a reply, a resolve and a delete are pushed to every member\'s socket', async () => {
    const w = await threadWorld(server);
    const [viewer, reviewer, owner] = await Promise.all([socketOf(server, w, w.viewer.token), socketOf(server, w, w.reviewer.token), socketOf(server, w, w.owner.token)]);
    const { id } = (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line: 2 }, body: 'look' })).body.thread;
    for (const s of [viewer, reviewer, owner]) {
      const m = await s.waitFor(threadMessage(id), 'the new thread', PUSHED_MS);
      expect(m.thread).toMatchObject({ state: 'anchored', startLine: 2, quote: 'line 2\n', comments: [{ body: 'look' }] });
    }

    await w.as.owner('POST', `${w.base}/threads/${id}/comments`, { body: 'seen' });
    await viewer.waitFor(threadMessage(id, (t) => t.comments.length === 2), 'the reply', PUSHED_MS);
    await w.as.editor('PATCH', `${w.base}/threads/${id}`, { resolved: true });
    await viewer.waitFor(threadMessage(id, (t) => t.resolved), 'resolved', PUSHED_MS);
    await w.as.editor('DELETE', `${w.base}/threads/${id}`);
    const deleted = await viewer.waitFor((m) => m.type === 'thread.deleted', 'deleted', PUSHED_MS);
    expect(deleted).toEqual({ type: 'thread.deleted', threadId: id });
    // Nobody outside the workspace hears of it.
    const elsewhere = await threadWorld(server);
    const stranger = await socketOf(server, elsewhere, elsewhere.owner.token);
    await new Promise((r) => setTimeout(r, 200));
    expect(stranger.messages.filter((m) => m.type.startsWith('thread'))).toEqual([]);
  });

  it('THREAD-3: reaches a member on a second replica, with the state that replica computes', async () => {
    const w = await threadWorld(server, numberedLines(5));
    const far = await socketOf(replica, w, w.viewer.token);
    const peer = connectProvider(server.wsUrl, w.workspaceId, w.file.id, w.editor.token);
    providers.push(peer);
    await synced(peer);
    const { id } = (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line: 4 }, body: 'far away' })).body.thread;
    const m = await far.waitFor(threadMessage(id), 'the thread on the other replica', PUSHED_MS);
    expect(m.thread).toMatchObject({ state: 'anchored', startLine: 4, quote: 'line 4\n' });
    // A reply made on the second replica comes back to sockets of the first.
    const near = await socketOf(server, w, w.owner.token);
    await client(replica.url, w.viewer.token)('GET', `${w.base}/threads/${id}`);
    await client(replica.url, w.owner.token)('POST', `${w.base}/threads/${id}/comments`, { body: 'from the other replica' });
    await near.waitFor(threadMessage(id, (t) => t.comments.length === 2), 'the reply from the other replica', PUSHED_MS);
  });
});

describe('restart', () => {
  it('brings back threads and their states (moved, changed, orphaned, file-level)', async () => {
    const first = await startTestServer({}, server.database);
    let w: ThreadWorld;
    const ids: string[] = [];
    try {
      w = await threadWorld(first, numberedLines(6));
      const peer = connectProvider(first.wsUrl, w.workspaceId, w.file.id, w.editor.token);
      await synced(peer);
      for (const line of [2, 4, 6]) ids.push((await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line }, body: `on ${line}` })).body.thread.id);
      ids.push((await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, body: 'whole file' })).body.thread.id);
      peer.text.insert(0, 'new first line\n'); // moves all
      peer.text.insert(peer.text.toString().indexOf('line 4') + 4, '!'); // changes the second
      peer.text.delete(peer.text.toString().indexOf('line 6'), 7); // orphans the third
      await eventually(async () => (await w.as.owner('GET', `${w.base}/files/main.py`)).text === peer.text.toString(), 'the server has the edits');
      peer.destroy();
    } finally {
      await first.close();
    }
    const second = await startTestServer({}, server.database);
    try {
      const threads = (await client(second.url, w.viewer.token)('GET', `${w.base}/threads`)).body.threads;
      expect(threads.map((t: any) => [t.id, t.state, t.startLine, t.comments[0].body])).toEqual([
        [ids[0], 'anchored', 3, 'on 2'],
        [ids[1], 'changed', 5, 'on 4'],
        [ids[2], 'orphaned', 7, 'on 6'],
        [ids[3], 'file-level', null, 'whole file'],
      ]);
    } finally {
      await second.close();
    }
  });
});
