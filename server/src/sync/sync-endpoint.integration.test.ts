import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDatabase, type TestDatabase } from '@tandem/persistence/testing';
import { CloseCode } from '@tandem/protocol';
import { startTestServer, type TestServer } from '../testing/test-server';
import { insertItem, insertSharedWorkspace, type SharedWorkspace } from '../testing/sql-fixtures';
import { READ_ONLY_REASON } from './message-handler';
import { connectProvider, connectRaw, eventually, rawStep1, synced, syncUrl, type ProviderClient } from './sync-test-clients';

let database: TestDatabase;
let server: TestServer;
let ws: SharedWorkspace;
const clients: ProviderClient[] = [];

const start = () => startTestServer({ unloadAfterMs: 100, contentFlushMs: 50, maxMessageBytes: 64 * 1024 }, database);

beforeAll(async () => {
  database = await createTestDatabase();
  server = await start();
  ws = await insertSharedWorkspace(server.context.db);
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

function provider(token: string, itemId = ws.file.id): ProviderClient {
  const c = connectProvider(server.wsUrl, ws.workspaceId, itemId, token);
  clients.push(c);
  return c;
}

async function storedContent(itemId: string): Promise<string> {
  const { rows } = await server.context.db.raw.query<{ content: string }>('SELECT content FROM workspace_items WHERE id = $1', [itemId]);
  return rows[0]!.content;
}

async function newFile(name: string) {
  return insertItem(server.context.db, ws.workspaceId, { name });
}

describe('/sync with stock y-websocket clients', () => {
  it('SYNC-1, SYNC-3: converges concurrent edits, gives a late joiner the full state, and keeps it across a restart', async () => {
    const file = await newFile('converge.py');
    const a = provider(ws.owner.token, file.id);
    const b = provider(ws.editor.token, file.id);
    await Promise.all([synced(a), synced(b)]);
    for (let i = 0; i < 20; i++) {
      a.text.insert(0, `a${i};`);
      b.text.insert(b.text.length, `b${i};`);
    }
    await eventually(() => a.text.toString() === b.text.toString() && a.text.length === 2 * (10 * 3 + 10 * 4), 'convergence');

    const c = provider(ws.viewer.token, file.id);
    await synced(c);
    await eventually(() => c.text.toString() === a.text.toString(), 'late joiner state');
    const expected = a.text.toString();

    for (const cl of clients.splice(0)) cl.destroy();
    await server.close();
    server = await start();
    const d = provider(ws.editor.token, file.id);
    await synced(d);
    await eventually(() => d.text.toString() === expected, 'state after restart');
  });

  it('SYNC-4, SYNC-5, SYNC-7: lets viewers read and see awareness but drops their updates with a permission-denied message', async () => {
    const file = await newFile('viewer.py');
    const editor = provider(ws.editor.token, file.id);
    const viewer = provider(ws.viewer.token, file.id);
    await Promise.all([synced(editor), synced(viewer)]);

    editor.text.insert(0, 'from editor\n');
    editor.provider.awareness.setLocalStateField('user', { name: 'editor' });
    await eventually(() => viewer.text.toString() === 'from editor\n', 'viewer receives the update');
    await eventually(
      () => [...viewer.provider.awareness.getStates().values()].some((s) => s.user?.name === 'editor'),
      'viewer receives awareness',
    );
    viewer.provider.awareness.setLocalStateField('user', { name: 'viewer' });
    await eventually(
      () => [...editor.provider.awareness.getStates().values()].some((s) => s.user?.name === 'viewer'),
      'viewer awareness is relayed',
    );

    viewer.text.insert(0, 'VIEWER WAS HERE ');
    await eventually(() => viewer.denied.includes(READ_ONLY_REASON), 'permission denied');
    // A later editor update overtakes the dropped one: it never reached anyone.
    editor.text.insert(editor.text.length, 'second\n');
    await eventually(() => viewer.text.toString().includes('second'), 'viewer sees the next update');
    expect(editor.text.toString()).toBe('from editor\nsecond\n');
    await server.context.store.flush();
    await eventually(async () => (await server.context.documents.readText(file.id)) === 'from editor\nsecond\n', 'server text');
    await eventually(async () => (await storedContent(file.id)) === 'from editor\nsecond\n', 'content column');
  });

  it('CLOSE-2, CLOSE-3, CLOSE-4: refuses non-members (4403), bad credentials (4401) and unknown or non-file items (4404)', async () => {
    const url = (token: string | null, itemId = ws.file.id, workspaceId = ws.workspaceId) =>
      `${server.wsUrl}/sync/${workspaceId}/${itemId}${token === null ? '' : `?token=${token}`}`;
    const cases: Array<[string, number]> = [
      [url(ws.outsider.token), CloseCode.FORBIDDEN],
      [url(null), CloseCode.UNAUTHENTICATED],
      [url('tdm_not-a-real-token-at-all-xxxxxxxxxxxxxxxxxxxxxx'), CloseCode.UNAUTHENTICATED],
      [url(ws.owner.token, '00000000-0000-4000-8000-000000000000'), CloseCode.NOT_FOUND],
      [url(ws.owner.token, ws.folder.id), CloseCode.NOT_FOUND],
      [`${server.wsUrl}/sync/not-a-uuid/x?token=${ws.owner.token}`, CloseCode.NOT_FOUND],
      [url(ws.outsider.token, ws.file.id, '00000000-0000-4000-8000-000000000000'), CloseCode.FORBIDDEN],
    ];
    for (const [u, code] of cases) {
      const raw = connectRaw(u);
      expect(await raw.closed, u).toBe(code);
      expect(raw.messages).toEqual([]);
    }
  });

  it('CLOSE-1: closes only the sender of garbage, truncated, oversized-prefix, text and unknown frames (4400)', async () => {
    const file = await newFile('garbage.py');
    const editor = provider(ws.editor.token, file.id);
    const watcher = provider(ws.owner.token, file.id);
    await Promise.all([synced(editor), synced(watcher)]);
    const frames: Array<Uint8Array | string> = [
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      new Uint8Array([0, 2, 10, 1, 2]),
      new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1]),
      'hello',
      new Uint8Array([42]),
      new Uint8Array([]),
      new Uint8Array([0, 2, 3, 0xff, 0x01, 0x07]),
    ];
    for (const [i, frame] of frames.entries()) {
      const raw = connectRaw(syncUrl(server.wsUrl, ws.workspaceId, file.id, { token: ws.editor.token }));
      await raw.opened;
      raw.ws.send(frame);
      expect(await raw.closed, `frame ${i}`).toBe(CloseCode.BAD_MESSAGE);
      editor.text.insert(editor.text.length, `${i}`);
      await eventually(() => watcher.text.toString() === editor.text.toString(), `others carry on after frame ${i}`);
    }
    expect(editor.closeCodes).toEqual([]);
    expect(watcher.closeCodes).toEqual([]);
  });

  it('SYNC-3: gives every newcomer the document as it is when they join, however many join between edits', async () => {
    const file = await newFile('joiners.py');
    const writer = provider(ws.editor.token, file.id);
    await synced(writer);
    for (const round of ['one ', 'two ', 'three']) {
      writer.text.insert(writer.text.length, round);
      // Joiners of one round share one encoding of the state; the next edit must end that.
      const joiners = [provider(ws.owner.token, file.id), provider(ws.viewer.token, file.id), provider(ws.editor.token, file.id)];
      await Promise.all(joiners.map(synced));
      for (const joiner of joiners) await eventually(() => joiner.text.toString() === writer.text.toString(), `a joiner after "${round}"`);
    }
    expect(writer.text.toString()).toBe('one two three');
  });

  it('CLOSE-1: never relays an update Yjs could not integrate: the sender is cut off (4400), the others see nothing', async () => {
    const file = await newFile('crafted.py');
    const editor = provider(ws.editor.token, file.id);
    const watcher = provider(ws.owner.token, file.id);
    await Promise.all([synced(editor), synced(watcher)]);
    editor.text.insert(0, 'kept');
    await eventually(() => watcher.text.toString() === 'kept', 'the first edit arrives');
    const crafted = [
      [1, 1, 5, 0, 0x84, 5, 3, 1, 97, 0], // an item whose origin is its own future (bad-reference)
      [1, 1, 5, 0, 4, 1, 7, 99, 111, 110, 116, 101, 110, 116, 1, 0x80, 0], // a string that is not UTF-8
      [0, 1, 5, 1, 0, 0], // an empty delete range
    ];
    for (const [i, update] of crafted.entries()) {
      const raw = connectRaw(syncUrl(server.wsUrl, ws.workspaceId, file.id, { token: ws.editor.token }));
      await raw.opened;
      raw.ws.send(new Uint8Array([0, 2, update.length, ...update]));
      expect(await raw.closed, `update ${i}`).toBe(CloseCode.BAD_MESSAGE);
    }
    editor.text.insert(4, '!');
    await eventually(() => watcher.text.toString() === 'kept!', 'later edits still arrive');
    expect(Y.decodeStateVector(Y.encodeStateVector(watcher.doc)).has(5)).toBe(false);
    expect(editor.closeCodes).toEqual([]);
    expect(watcher.closeCodes).toEqual([]);
  });

  it('CLOSE-5: closes messages over the size limit with 4413', async () => {
    const raw = connectRaw(syncUrl(server.wsUrl, ws.workspaceId, ws.file.id, { token: ws.editor.token }));
    await raw.opened;
    raw.ws.send(new Uint8Array(64 * 1024 + 10));
    expect(await raw.closed).toBe(CloseCode.MESSAGE_TOO_LARGE);
  });

  it('ACK-1: acknowledges committed updates to clients that ask (?ack=1), cumulatively', async () => {
    const file = await newFile('ack.py');
    const raw = connectRaw(syncUrl(server.wsUrl, ws.workspaceId, file.id, { token: ws.editor.token, ack: '1' }));
    await raw.opened;
    const doc = new Y.Doc();
    rawStep1(raw, doc);
    doc.on('update', (u: Uint8Array) => raw.sendUpdate(u));
    for (let i = 0; i < 50; i++) doc.getText('content').insert(i, 'x');
    await eventually(() => raw.acked() === 50, 'acks for 50 updates');
    const { rows } = await server.context.db.raw.query<{ n: number }>('SELECT count(*)::int AS n FROM document_updates WHERE item_id = $1', [file.id]);
    expect(rows[0]!.n).toBe(50);
    raw.ws.close();
    await raw.closed;
  });

  it('SYNC-8: writes text by minimal diff: live editors keep their concurrent typing', async () => {
    const file = await newFile('write.py');
    const editor = provider(ws.editor.token, file.id);
    await synced(editor);
    editor.text.insert(0, 'def f():\n    return 1\n');
    await eventually(async () => (await server.context.documents.readText(file.id)) === 'def f():\n    return 1\n', 'server has the text');
    editor.text.insert(editor.text.length, '# typing\n');
    await server.context.documents.writeText(ws.workspaceId, file.id, 'def f():\n    return 42\n');
    const expected = 'def f():\n    return 42\n# typing\n';
    await eventually(() => editor.text.toString() === expected, 'editor sees the merge');
    await eventually(async () => (await server.context.documents.readText(file.id)) === expected, 'server merge');
  });

  it('writes text to a document nobody has open, and persists it', async () => {
    const file = await newFile('cold.py');
    await server.context.documents.writeText(ws.workspaceId, file.id, 'cold\n');
    expect(await server.context.documents.readText(file.id)).toBe('cold\n');
    await eventually(async () => (await storedContent(file.id)) === 'cold\n', 'content column');
  });

  it('unloads a document once its last client leaves, with its state compacted into the item', async () => {
    const file = await newFile('unload.py');
    const a = provider(ws.editor.token, file.id);
    await synced(a);
    a.text.insert(0, 'persist me');
    await eventually(async () => (await server.context.documents.readText(file.id)) === 'persist me', 'server text');
    expect(server.context.documents.loadedCount()).toBeGreaterThan(0);
    a.destroy();
    await eventually(() => server.context.documents.connectionCount() === 0, 'disconnected');
    await eventually(async () => {
      const { rows } = await server.context.db.raw.query<{ state: Buffer | null; content: string; log: number }>(
        `SELECT yjs_state AS state, content, (SELECT count(*)::int FROM document_updates WHERE item_id = $1) AS log
         FROM workspace_items WHERE id = $1`,
        [file.id],
      );
      return rows[0]!.state !== null && rows[0]!.log === 0 && rows[0]!.content === 'persist me';
    }, 'compacted state');
    await eventually(() => server.context.documents.loadedCount() === 0, 'document unloaded');
    const doc = new Y.Doc();
    const { rows } = await server.context.db.raw.query<{ state: Buffer }>('SELECT yjs_state AS state FROM workspace_items WHERE id = $1', [file.id]);
    Y.applyUpdate(doc, rows[0]!.state);
    expect(doc.getText('content').toString()).toBe('persist me');
  });

  it('CLOSE-3, CLOSE-4: closes a removed member (4403) and a deleted item (4404)', async () => {
    const file = await newFile('members.py');
    const viewerRaw = connectRaw(syncUrl(server.wsUrl, ws.workspaceId, file.id, { token: ws.viewer.token }));
    const editorRaw = connectRaw(syncUrl(server.wsUrl, ws.workspaceId, file.id, { token: ws.editor.token }));
    await Promise.all([viewerRaw.opened, editorRaw.opened]);
    await eventually(() => viewerRaw.messages.length > 0 && editorRaw.messages.length > 0, 'attached');
    await server.context.db.raw.query('DELETE FROM workspace_members WHERE workspace_id = $1 AND user_id = $2', [ws.workspaceId, ws.viewer.id]);
    server.context.events.emit('membershipChanged', ws.workspaceId, ws.viewer.id);
    expect(await viewerRaw.closed).toBe(CloseCode.FORBIDDEN);
    await server.context.db.raw.query(`INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, 'viewer')`, [ws.workspaceId, ws.viewer.id]);

    server.context.documents.dropItem(file.id);
    expect(await editorRaw.closed).toBe(CloseCode.NOT_FOUND);
  });
});
