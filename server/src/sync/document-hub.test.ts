/**
 * The sync core as a whole, in memory: a DocumentHub on the in-memory document store
 * (which passes the PostgreSQL store's contract suite) with fake sockets and y-websocket
 * style clients (sync-test-peers.ts). No PostgreSQL, no uWebSockets.js.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DatabaseUnavailableError } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { READ_ONLY_REASON } from './message-handler';
import { MessageType } from './protocol';
import { startTestHub, type TestHub } from './sync-test-hub';
import { TestClient, type TestClientOptions } from './sync-test-peers';

let h: TestHub;
afterEach(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function synced(itemId: string, options?: Partial<TestClientOptions>): Promise<TestClient> {
  const client = h.client(itemId, options);
  await vi.waitFor(() => expect(client.synced).toBe(true));
  return client;
}

const updateFrames = (client: TestClient) => client.peer.sent.filter((f) => f[0] === MessageType.sync && f[1] === 2);

describe('DocumentHub', () => {
  it('SYNC-3: syncs a late joiner by step 1 and step 2, and both sides edit on', async () => {
    h = startTestHub();
    const itemId = h.item();
    const first = await synced(itemId);
    first.type('def f():\n');
    await vi.waitFor(() => expect(first.acked).toBe(1));

    const late = await synced(itemId);
    expect(late.text.toString()).toBe('def f():\n');
    late.type('    return 1\n');
    await vi.waitFor(() => expect(first.text.toString()).toBe('def f():\n    return 1\n'));
    await vi.waitFor(() => expect(late.acked).toBe(1));
    expect(await h.storedText(itemId)).toBe('def f():\n    return 1\n');
  });

  it('keeps what a client sends while its document loads, and handles it in order once loaded', async () => {
    h = startTestHub();
    const itemId = h.item();
    const early = h.client(itemId);
    early.type('typed ');
    early.type('before the load');
    // Its two updates, and its step 2 answering the server's step 1, which went out before they were handled.
    await vi.waitFor(() => expect(early.acked).toBe(3));
    expect(await h.storedText(itemId)).toBe('typed before the load');
  });

  it('relays an update to the other clients at once and never echoes it to its sender', async () => {
    h = startTestHub();
    const itemId = h.item();
    const [sender, other] = [await synced(itemId), await synced(itemId)];
    const before = updateFrames(sender).length;
    sender.type('x = 1');
    expect(updateFrames(other)).toHaveLength(1); // sent before the call returned, the commit not waited for
    await vi.waitFor(() => expect(sender.acked).toBe(1));
    expect(other.text.toString()).toBe('x = 1');
    expect(updateFrames(sender)).toHaveLength(before);
  });

  it('ACK-3: acknowledges an update only once the store committed it', async () => {
    h = startTestHub();
    const itemId = h.item();
    const [sender, other] = [await synced(itemId), await synced(itemId)];
    h.gate.hold();
    sender.type('saved?');
    await sleep(30);
    expect(h.gate.batches).toBeGreaterThan(0);
    expect(other.text.toString()).toBe('saved?'); // relaying does not wait for the database
    expect(sender.acked).toBe(0);
    expect(h.storage.logLength(itemId)).toBe(0);
    h.gate.release();
    await vi.waitFor(() => expect(sender.acked).toBe(1));
    expect(h.storage.logLength(itemId)).toBe(1);
  });

  it("SYNC-7: refuses a viewer's update: permission denied, relayed to no one, not stored", async () => {
    h = startTestHub();
    const itemId = h.item();
    const editor = await synced(itemId);
    const viewer = await synced(itemId, { role: 'viewer' });
    viewer.type('not mine to write');
    await vi.waitFor(() => expect(viewer.denied).toEqual([READ_ONLY_REASON]));
    expect(viewer.closeCode).toBeNull();
    await sleep(30);
    expect(editor.text.toString()).toBe('');
    expect(h.storage.logLength(itemId)).toBe(0);
  });

  it('CLOSE-1: closes only the sender of a malformed frame, with 4400', async () => {
    h = startTestHub();
    const itemId = h.item();
    const [bad, good] = [await synced(itemId), await synced(itemId)];
    bad.send(Uint8Array.of(MessageType.sync, 2, 9, 1));
    expect(bad.closeCode).toBe(CloseCode.BAD_MESSAGE);
    expect(good.closeCode).toBeNull();
    good.type('still here');
    await vi.waitFor(() => expect(good.acked).toBe(1));
    expect(h.hub.documents.connectionCount()).toBe(1);
  });

  it('compacts after compactEvery updates: the log folds into the stored state', async () => {
    h = startTestHub({ compactEvery: 5 });
    const itemId = h.item();
    const editor = await synced(itemId);
    for (const [i, word] of ['one ', 'two ', 'three ', 'four ', 'five'].entries()) {
      editor.type(word);
      await vi.waitFor(() => expect(editor.acked).toBe(i + 1));
      if (i < 4) expect(h.storage.logLength(itemId)).toBe(i + 1);
    }
    await vi.waitFor(() => expect(h.storage.logLength(itemId)).toBe(0));
    const loaded = await h.store.load(itemId);
    expect(loaded.state).not.toBeNull();
    expect(h.storage.content(itemId)).toBe('one two three four five');
    editor.type('!');
    await vi.waitFor(() => expect(editor.acked).toBe(6));
    expect(h.storage.logLength(itemId)).toBe(1);
    expect(await h.storedText(itemId)).toBe('one two three four five!');
  });

  it('unloads a document after its last client left, compacted, and loads it again for the next one', async () => {
    h = startTestHub();
    const itemId = h.item();
    const [a, b] = [await synced(itemId), await synced(itemId)];
    a.type('kept');
    await vi.waitFor(() => expect(a.acked).toBe(1));
    a.leave();
    await sleep(50);
    expect(h.hub.documents.loadedCount()).toBe(1);
    b.leave();
    await vi.waitFor(() => expect(h.hub.documents.loadedCount()).toBe(0));
    expect(h.storage.logLength(itemId)).toBe(0);
    expect(h.storage.content(itemId)).toBe('kept');
    const back = await synced(itemId);
    expect(back.text.toString()).toBe('kept');
  });

  it('FAULT-1, FAULT-4, ACK-3: closes every client of a document whose commit failed with 4502, and saves the update once they reconnect', async () => {
    h = startTestHub();
    const itemId = h.item();
    const [typist, watcher] = [await synced(itemId), await synced(itemId)];
    typist.type('saved');
    await vi.waitFor(() => expect(typist.acked).toBe(1));

    h.gate.failNext(new DatabaseUnavailableError('database_unavailable', 'connection terminated (test)'));
    typist.type(' after');
    await vi.waitFor(() => expect(watcher.text.toString()).toBe('saved after')); // relayed before its commit failed
    await vi.waitFor(() => expect([typist.closeCode, watcher.closeCode]).toEqual([CloseCode.DATABASE_UNAVAILABLE, CloseCode.DATABASE_UNAVAILABLE]));
    expect(typist.acked).toBe(1);
    expect(h.database.suspected).toBeGreaterThan(0);
    // Forgotten, not compacted: the document held what the log lacks.
    expect(h.hub.documents.loadedCount()).toBe(0);
    expect(await h.storedText(itemId)).toBe('saved');

    const back = h.client(itemId, { doc: typist.doc });
    await vi.waitFor(() => expect(back.acked).toBe(1)); // its step 2 carried what the log lacked
    expect(await h.storedText(itemId)).toBe('saved after');
  });

  it('compacts a busy document by its update count at most once per compactMinIntervalMs, and on unload regardless', async () => {
    for (const [minIntervalMs, whileLoaded] of [[60_000, 1], [0, 2]] as const) {
      h = startTestHub({ compactEvery: 5, compactMinIntervalMs: minIntervalMs, unloadAfterMs: 5 });
      const itemId = h.item();
      const compact = h.store.compact.bind(h.store);
      let compactions = 0;
      h.store.compact = (...args) => (compactions++, compact(...args));
      const editor = await synced(itemId);
      for (let i = 0; i < 14; i++) {
        editor.type(`${i}`);
        await vi.waitFor(() => expect(editor.acked).toBe(i + 1));
      }
      await vi.waitFor(() => expect(compactions).toBe(whileLoaded));
      editor.leave();
      await vi.waitFor(() => expect(h.hub.documents.loadedCount()).toBe(0));
      expect(compactions).toBe(whileLoaded + 1);
      expect(await h.storedText(itemId)).toBe('012345678910111213');
      await h.close();
    }
  });

  it('unloads a document whose compaction keeps failing after three tries, its log whole and its text in the content column', async () => {
    h = startTestHub({ unloadAfterMs: 5 });
    const itemId = h.item();
    let compactions = 0;
    h.store.compact = () => (compactions++, Promise.reject(new Error('compaction refused (test)')));
    const editor = await synced(itemId);
    editor.type('uncompacted');
    await vi.waitFor(() => expect(editor.acked).toBe(1));
    editor.leave();
    await vi.waitFor(() => expect(h.hub.documents.loadedCount()).toBe(0));
    expect(compactions).toBe(3);
    expect(h.storage.logLength(itemId)).toBe(1);
    expect(h.storage.content(itemId)).toBe('uncompacted');
    expect(await h.storedText(itemId)).toBe('uncompacted');
  });

  it("SYNC-4: shows a client's presence to the others, and removes it when that client leaves", async () => {
    h = startTestHub();
    const itemId = h.item();
    const [ada, bob] = [await synced(itemId), await synced(itemId)];
    ada.setPresence({ name: 'ada' });
    await vi.waitFor(() => expect(bob.awareness.getStates().get(ada.doc.clientID)).toEqual({ name: 'ada' }));
    ada.leave();
    await vi.waitFor(() => expect(bob.awareness.getStates().has(ada.doc.clientID)).toBe(false));
  });

  it("applies another replica's committed updates to the live document without appending them again", async () => {
    h = startTestHub();
    const itemId = h.item();
    const local = await synced(itemId);
    const room = await h.hub.replicas.heldRoom(itemId)!;
    const elsewhere = new Y.Doc();
    elsewhere.getText('content').insert(0, 'from another replica');
    h.hub.replicas.applyRemote(room, [Y.encodeStateAsUpdate(elsewhere)], 7n);
    await vi.waitFor(() => expect(local.text.toString()).toBe('from another replica'));
    expect(room.lastSeq).toBe(7n);
    await sleep(20);
    expect(h.storage.logLength(itemId)).toBe(0);
  });

  it('CLOSE-10: on close, closes every client with 4503 and compacts every document', async () => {
    h = startTestHub();
    const itemId = h.item();
    const editor = await synced(itemId);
    editor.type('before shutdown');
    await h.hub.close();
    expect(editor.closeCode).toBe(CloseCode.SHUTTING_DOWN);
    expect(h.storage.logLength(itemId)).toBe(0);
    expect(h.storage.content(itemId)).toBe('before shutdown');
    const refused = h.client(itemId);
    expect(refused.closeCode).toBe(CloseCode.SHUTTING_DOWN);
  });
});
