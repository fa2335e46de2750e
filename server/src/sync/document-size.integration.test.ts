/**
 * The document size limit (TANDEM_MAX_DOCUMENT_BYTES, here 64 KiB) with real clients:
 * an update that would take a document past it closes only its sender (4507
 * DOCUMENT_TOO_LARGE), reaches no other client and is not logged; everything
 * accepted before stays, across a restart. A stock y-websocket client that keeps
 * resending its refused update is refused each time and holds back no one.
 * `PUT /files` past the limit answers 413 `document_too_large`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDatabase, type TestDatabase } from '@tandem/persistence/testing';
import { CloseCode } from '@tandem/protocol';
import { insertItem, insertSharedWorkspace, type SharedWorkspace } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client } from '../workspace/test-client';
import { connectProvider, connectRaw, eventually, rawStep1, synced, syncUrl, type ProviderClient } from './sync-test-clients';

const LIMIT = 64 * 1024;

let database: TestDatabase;
let server: TestServer;
let ws: SharedWorkspace;
const clients: ProviderClient[] = [];

const start = () => startTestServer({ unloadAfterMs: 100, contentFlushMs: 50, maxDocumentBytes: LIMIT }, database);

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

function provider(token: string, itemId: string): ProviderClient {
  const c = connectProvider(server.wsUrl, ws.workspaceId, itemId, token);
  clients.push(c);
  return c;
}

async function largestLogged(itemId: string): Promise<number> {
  const { rows } = await server.context.db.raw.query<{ n: number }>(
    'SELECT coalesce(max(octet_length("update")), 0)::int AS n FROM document_updates WHERE item_id = $1',
    [itemId],
  );
  return rows[0]!.n;
}

/** An update that inserts `text` after what `base` holds, as another client would send it. */
function insertAfter(base: Y.Doc, text: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  doc.getText('content').insert(doc.getText('content').length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('document size limit', () => {
  it('CLOSE-12, LIMIT-1, LIMIT-2: closes only the sender of an update past the limit (4507); no one else sees it, nothing accepted is lost', async () => {
    const file = await insertItem(server.context.db, ws.workspaceId, { name: 'bounded.txt' });
    const a = provider(ws.editor.token, file.id);
    const b = provider(ws.owner.token, file.id);
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'accepted; ');
    await eventually(() => b.text.toString() === 'accepted; ', 'the accepted edit reaches b');

    // A raw client sends one update that alone would overfill the document.
    const raw = connectRaw(syncUrl(server.wsUrl, ws.workspaceId, file.id, { token: ws.editor.token, ack: '1' }));
    await raw.opened;
    rawStep1(raw);
    raw.sendUpdate(insertAfter(b.doc, 'x'.repeat(LIMIT)));
    expect(await raw.closed).toBe(CloseCode.DOCUMENT_TOO_LARGE);

    // The others stay connected and keep editing; the refused text never reached them.
    a.text.insert(a.text.length, 'still editing');
    await eventually(() => b.text.toString() === 'accepted; still editing', 'a later edit reaches b');
    expect(a.text.toString()).not.toContain('xxx');
    expect(a.closeCodes).toEqual([]);
    expect(b.closeCodes).toEqual([]);

    // Growing by many small edits is refused too, once the document is full: only the editor who overfills it is cut off.
    const chunk = 'y'.repeat(4096);
    const filler = provider(ws.editor.token, file.id);
    await synced(filler);
    for (let i = 0; i < 20; i++) filler.text.insert(filler.text.length, chunk);
    await eventually(() => filler.closeCodes.includes(CloseCode.DOCUMENT_TOO_LARGE), 'the filler is refused');
    // The stock client keeps its refused edits and resends them on every reconnect: refused again, each time.
    await eventually(() => filler.closeCodes.filter((c) => c === CloseCode.DOCUMENT_TOO_LARGE).length >= 2, 'the resend refused again', 10_000);
    expect(a.closeCodes).toEqual([]);
    a.text.insert(0, '> ');
    await eventually(() => b.text.toString().startsWith('> accepted; still editing'), 'edits still flow');
    filler.destroy();

    const kept = b.text.toString();
    expect(kept.length).toBeGreaterThan('> accepted; still editing'.length); // the filler's edits that fitted were accepted
    expect(kept.length).toBeLessThan(LIMIT);
    expect(await largestLogged(file.id)).toBeLessThan(LIMIT);
    expect(server.context.metrics.render()).toMatch(/tandem_sync_closes_total\{code="DOCUMENT_TOO_LARGE"\} [1-9]/);

    // Everything accepted is durable: after a restart the document holds exactly it.
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    server = await start();
    const reader = provider(ws.viewer.token, file.id);
    await synced(reader);
    await eventually(() => reader.text.toString() === kept, 'the accepted text after a restart');
  });

  it('answers PUT /files past the limit with 413 document_too_large and leaves the document as it was', async () => {
    const asOwner = client(server.url, ws.owner.token);
    const files = `/api/workspaces/${ws.workspaceId}/files`;
    expect((await asOwner('PUT', `${files}/put.txt`, 'small')).status).toBe(201);

    const big = 'z'.repeat(LIMIT + 1);
    const replaced = await asOwner('PUT', `${files}/put.txt`, big);
    expect([replaced.status, replaced.body?.error?.code]).toEqual([413, 'document_too_large']);
    expect((await asOwner('GET', `${files}/put.txt`)).text).toBe('small');

    const created = await asOwner('PUT', `${files}/new-big.txt`, big);
    expect([created.status, created.body?.error?.code]).toEqual([413, 'document_too_large']);
    expect((await asOwner('GET', `${files}/new-big.txt`)).status).toBe(404);
  });
});
