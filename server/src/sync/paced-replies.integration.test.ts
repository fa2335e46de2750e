// Whole documents of a megabyte and more go to newcomers in fragments, with the
// socket off the room's topic meanwhile (sync-replies.ts sendSyncReply). What a user
// would notice if that went wrong: a joiner missing edits made while it loaded, or
// not seeing who else is there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { insertItem, insertSharedWorkspace, type SharedWorkspace } from '../testing/sql-fixtures';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { connectProvider, connectRaw, eventually, rawStep1, synced, syncUrl, type ProviderClient } from './sync-test-clients';

let server: TestServer;
let ws: SharedWorkspace;
const clients: ProviderClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  ws = await insertSharedWorkspace(server.context.db);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

describe('large documents to many newcomers at once', () => {
  it('reach every joiner whole, with the edits made while they loaded and the others’ presence', async () => {
    const file = await insertItem(server.context.db, ws.workspaceId, { name: 'large.txt' });
    const connect = () => {
      const c = connectProvider(server.wsUrl, ws.workspaceId, file.id, ws.editor.token);
      clients.push(c);
      return c;
    };
    const writer = connect();
    await synced(writer);
    const line = 'a line of a large file, long enough to matter\n';
    writer.text.insert(0, line.repeat(Math.ceil((3 * 1024 * 1024) / line.length)));
    writer.provider.awareness.setLocalStateField('user', { name: 'writer' });
    await eventually(async () => (await server.context.documents.readText(file.id)).length === writer.text.length, 'the server has it');

    const joiners = Array.from({ length: 8 }, connect);
    // Typing while they load: each of these lands during some joiner's paced reply.
    for (let i = 0; i < 20; i++) {
      writer.text.insert(i, `${i % 10}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(joiners.map(synced));
    for (const [i, joiner] of joiners.entries()) {
      await eventually(() => joiner.text.length === writer.text.length, `joiner ${i} has the whole document`, 20_000);
      expect(joiner.text.toString()).toBe(writer.text.toString());
      await eventually(
        () => [...joiner.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'writer'),
        `joiner ${i} sees the writer`,
      );
    }
    expect(joiners.flatMap((j) => j.closeCodes)).toEqual([]);
  }, 60_000);

  it('gives a slow reader the edits made while its replies were still going out, one whole reply after the other', async () => {
    const file = await insertItem(server.context.db, ws.workspaceId, { name: 'huge.txt' });
    const writer = connectProvider(server.wsUrl, ws.workspaceId, file.id, ws.editor.token);
    clients.push(writer);
    await synced(writer);
    // Larger than the kernel's socket buffers on both ends, so the reply cannot all leave while the reader sleeps.
    const line = 'another line of a huge file, to fill the socket buffers\n';
    writer.text.insert(0, line.repeat(Math.ceil((12 * 1024 * 1024) / line.length)));
    await eventually(async () => (await server.context.documents.readText(file.id)).length === writer.text.length, 'the server has it', 20_000);

    const reader = connectRaw(syncUrl(server.wsUrl, ws.workspaceId, file.id, { token: ws.viewer.token }));
    await reader.opened;
    rawStep1(reader);
    rawStep1(reader); // asking twice: the second reply waits for the first, frames never interleave
    reader.ws.pause(); // reads nothing for a while: the reply stalls in fragments
    await new Promise((r) => setTimeout(r, 500));
    writer.text.insert(0, 'EDITED WHILE THE READER SLEPT\n');
    await new Promise((r) => setTimeout(r, 500));
    reader.ws.resume();

    const doc = new Y.Doc();
    await eventually(
      () => {
        for (const message of reader.messages.splice(0)) {
          const d = decoding.createDecoder(message);
          if (decoding.readVarUint(d) !== 0) continue; // sync messages only
          if (decoding.readVarUint(d) === 0) continue; // the server's step 1
          Y.applyUpdate(doc, decoding.readVarUint8Array(d));
        }
        return doc.getText('content').length === writer.text.length;
      },
      'the reader has the whole document and the edit',
      20_000,
    );
    expect(doc.getText('content').toString()).toBe(writer.text.toString());
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
    reader.ws.close();
  }, 60_000);
});
