/**
 * The `Documents` port (live-documents.ts) on the in-memory hub: what file routes,
 * the execution environment and pulled changes get.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DatabaseUnavailableError } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { DocumentTooLargeError } from './document-size';
import { startTestHub, type TestHub } from './sync-test-hub';
import type { TestClient } from './sync-test-peers';
import { UnsavedLimitError } from './unsaved-budget';

let h: TestHub;
afterEach(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function synced(itemId: string): Promise<TestClient> {
  const client = h.client(itemId);
  await vi.waitFor(() => expect(client.synced).toBe(true));
  return client;
}

describe('LiveDocuments', () => {
  it('changes a live document with an origin: relayed to its clients at once, resolved once committed', async () => {
    h = startTestHub();
    const itemId = h.item();
    const editor = await synced(itemId);
    editor.type('# notes\n');
    await vi.waitFor(() => expect(editor.acked).toBe(1));

    const ORIGIN = Symbol('comment-anchors');
    const origins: unknown[] = [];
    h.gate.hold();
    let committed = false;
    const change = h.hub.documents
      .withDocument(h.workspaceId, itemId, (live) => {
        live.doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
        expect(live.doc.getText('content').toString()).toBe('# notes\n');
        return live.change(ORIGIN, (doc) => doc.getText('content').insert(0, '"""doc"""\n'), 64);
      })
      .then(() => (committed = true));
    await vi.waitFor(() => expect(editor.text.toString()).toBe('"""doc"""\n# notes\n'));
    expect(origins).toContain(ORIGIN);
    expect(committed).toBe(false);
    h.gate.release();
    await change;
    expect(await h.storedText(itemId)).toBe('"""doc"""\n# notes\n');
  });

  it('writes text as a minimal diff, so an edit made meanwhile survives, and reads the live text', async () => {
    h = startTestHub();
    const itemId = h.item();
    const editor = await synced(itemId);
    editor.type('def f():\n    return 1\n');
    await vi.waitFor(() => expect(editor.acked).toBe(1));
    await h.hub.documents.writeText(h.workspaceId, itemId, 'def f():\n    return 42\n');
    await vi.waitFor(() => expect(editor.text.toString()).toBe('def f():\n    return 42\n'));
    editor.text.insert(0, '# top\n');
    await vi.waitFor(async () => expect(await h.hub.documents.readText(itemId)).toBe('# top\ndef f():\n    return 42\n'));
    await vi.waitFor(() => expect(editor.acked).toBe(2));
    expect(await h.storedText(itemId)).toBe('# top\ndef f():\n    return 42\n');
  });

  it('reads a document no one holds from the store, without loading it', async () => {
    h = startTestHub();
    const itemId = h.item();
    await h.hub.documents.writeText(h.workspaceId, itemId, 'cold\n');
    await vi.waitFor(() => expect(h.hub.documents.loadedCount()).toBe(0));
    expect(await h.hub.documents.readText(itemId)).toBe('cold\n');
    expect(await h.hub.documents.readDocument(itemId, (doc) => doc.getText('content').length)).toBe(5);
    expect(h.hub.documents.loadedCount()).toBe(0);
  });

  it('keeps a document loaded while a callback holds it, after its last client left', async () => {
    h = startTestHub({ unloadAfterMs: 10 });
    const itemId = h.item();
    const editor = await synced(itemId);
    editor.type('held');
    await vi.waitFor(() => expect(editor.acked).toBe(1));
    await h.hub.documents.withDocument(h.workspaceId, itemId, async (live) => {
      editor.leave();
      await sleep(50);
      expect(h.hub.documents.loadedCount()).toBe(1);
      expect(live.doc.getText('content').toString()).toBe('held');
    });
    await vi.waitFor(() => expect(h.hub.documents.loadedCount()).toBe(0));
  });

  it('CLOSE-11, FAULT-6: refuses a write before the document changes while the database is away or too much is unsaved', async () => {
    h = startTestHub({ maxUnsavedBytes: 16 });
    const itemId = h.item();
    const editor = await synced(itemId);
    h.database.available = false;
    await expect(h.hub.documents.writeText(h.workspaceId, itemId, 'nope')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    h.database.available = true;

    h.gate.hold();
    editor.type('0123456789abcdef0123');
    await sleep(10);
    await expect(h.hub.documents.writeText(h.workspaceId, itemId, 'nope')).rejects.toBeInstanceOf(UnsavedLimitError);
    // A client's next update is refused as the write was (4504), before it is relayed.
    editor.type('!');
    expect(editor.closeCode).toBe(CloseCode.UNSAVED_LIMIT);
    h.gate.release();
    await vi.waitFor(async () => expect(await h.storedText(itemId)).toBe('0123456789abcdef0123'));
    expect(await h.hub.documents.readText(itemId)).toBe('0123456789abcdef0123');
  });

  it('refuses a write that would take the document past its size limit, and keeps what it had', async () => {
    h = startTestHub({ maxDocumentBytes: 4096 });
    const itemId = h.item();
    await h.hub.documents.writeText(h.workspaceId, itemId, 'small\n');
    await expect(h.hub.documents.writeText(h.workspaceId, itemId, 'x'.repeat(8192))).rejects.toBeInstanceOf(DocumentTooLargeError);
    expect(await h.hub.documents.readText(itemId)).toBe('small\n');
  });

  it('FAULT-1: rejects a write whose commit failed and closes the clients of its document with 4502', async () => {
    h = startTestHub();
    const itemId = h.item();
    const editor = await synced(itemId);
    h.gate.failNext(new DatabaseUnavailableError('database_unavailable', 'gone (test)'));
    await expect(h.hub.documents.writeText(h.workspaceId, itemId, 'lost')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(editor.closeCode).toBe(CloseCode.DATABASE_UNAVAILABLE);
    expect(h.hub.documents.loadedCount()).toBe(0);
    expect(await h.hub.documents.readText(itemId)).toBe('');
  });

  it('CLOSE-4: drops a deleted item: its clients close with 4404 and the document is forgotten', async () => {
    h = startTestHub();
    const itemId = h.item();
    const editor = await synced(itemId);
    h.hub.documents.dropItem(itemId);
    expect(editor.closeCode).toBe(CloseCode.NOT_FOUND);
    expect(h.hub.documents.loadedCount()).toBe(0);
    expect(h.hub.documents.connectionCount()).toBe(0);
  });
});
