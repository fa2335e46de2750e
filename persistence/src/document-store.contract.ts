/**
 * The behaviour every DocumentStore must have. Run it with a factory for the
 * implementation under test: PostgreSQL (pg-document-store.integration.test.ts) and
 * memory (memory-document-store.test.ts), as y-redis runs one storage suite over
 * every backend. The cases after "keeps the order appends were made in" are what the
 * sync server's document hub relies on beyond the port's plain reading.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore } from './document-store';
import { DocumentStoreClosedError, ItemNotFoundError } from './errors';

export interface DocumentStoreHarness {
  store: DocumentStore;
  /** A new, empty file item the store may write to. */
  createItem(): Promise<string>;
  deleteItem(itemId: string): Promise<void>;
  /** What readers that are not Yjs clients see (workspace_items.content for PostgreSQL). */
  readContent(itemId: string): Promise<string>;
  /** An item id the backend cannot store at all (fails the whole batch it is in). */
  unstorableItemId: string;
  /**
   * Another store instance on the same storage, as a second server replica has
   * (its own connections, its own group commit). Closed by `dispose`.
   */
  openAnother(): Promise<DocumentStore>;
  /** Close the store and its storage, open them again, and return the new store. */
  reopen(): Promise<DocumentStore>;
  /** Tear everything down. */
  dispose(): Promise<void>;
}

const UNKNOWN_ITEM = '00000000-0000-4000-8000-000000000000';

/** Typing into a Y.Doc and collecting the updates it emits, as the sync server receives them. */
function typist() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('content');
  return { doc, text, updates };
}

function rebuild(loaded: { state: Uint8Array | null; updates: Uint8Array[] }): string {
  const doc = new Y.Doc();
  if (loaded.state) Y.applyUpdate(doc, loaded.state);
  for (const update of loaded.updates) Y.applyUpdate(doc, update);
  return doc.getText('content').toString();
}

export function documentStoreContract(name: string, factory: () => Promise<DocumentStoreHarness>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let h: DocumentStoreHarness;
    let store: DocumentStore;

    beforeEach(async () => {
      h = await factory();
      store = h.store;
    });
    afterEach(async () => {
      await h.dispose();
    });

    it('loads an unknown item and a never-edited item as empty', async () => {
      expect(await store.load(UNKNOWN_ITEM)).toEqual({ state: null, updates: [], lastSeq: 0n });
      const itemId = await h.createItem();
      expect(await store.load(itemId)).toEqual({ state: null, updates: [], lastSeq: 0n });
    });

    it('returns appended updates in order, with increasing seqs', async () => {
      const itemId = await h.createItem();
      const seqs = await Promise.all([1, 2, 3].map((n) => store.append(itemId, Uint8Array.of(n))));
      expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);
      const loaded = await store.load(itemId);
      expect(loaded.updates.map((u) => [...u])).toEqual([[1], [2], [3]]);
      expect(loaded.lastSeq).toBe(seqs[2]);
    });

    it('commits concurrent appends for many items, each to its own document', async () => {
      const items = await Promise.all(Array.from({ length: 20 }, () => h.createItem()));
      const appends = items.flatMap((itemId, i) => [0, 1, 2].map((k) => store.append(itemId, Uint8Array.of(i, k))));
      const seqs = await Promise.all(appends);
      expect(new Set(seqs.map(String)).size).toBe(seqs.length);
      for (const [i, itemId] of items.entries()) {
        expect((await store.load(itemId)).updates.map((u) => [...u])).toEqual([[i, 0], [i, 1], [i, 2]]);
      }
      expect(store.stats().pendingUpdates).toBe(0);
    });

    it('rebuilds the typed text from state + tail, across a compaction', async () => {
      const itemId = await h.createItem();
      const { doc, text, updates } = typist();
      text.insert(0, 'def main():\n');
      text.insert(text.length, '    pass\n');
      let lastSeq = 0n;
      for (const update of updates.splice(0)) lastSeq = await store.append(itemId, update);
      expect(rebuild(await store.load(itemId))).toBe('def main():\n    pass\n');

      await store.compact(itemId, Y.encodeStateAsUpdate(doc), text.toString(), lastSeq);
      text.delete(text.length - 5, 4);
      text.insert(text.length - 1, 'return 1');
      for (const update of updates.splice(0)) await store.append(itemId, update);

      const loaded = await store.load(itemId);
      expect(loaded.state).not.toBeNull();
      expect(loaded.updates).toHaveLength(2);
      expect(rebuild(loaded)).toBe(text.toString());
      expect(await h.readContent(itemId)).toBe('def main():\n    pass\n');
    });

    it('compaction deletes exactly the log through the given seq', async () => {
      const itemId = await h.createItem();
      const { doc, text, updates } = typist();
      const seqs: bigint[] = [];
      for (const word of ['one ', 'two ']) text.insert(text.length, word);
      const stateOfTwo = Y.encodeStateAsUpdate(doc);
      for (const word of ['three ', 'four']) text.insert(text.length, word);
      for (const update of updates) seqs.push(await store.append(itemId, update));

      await store.compact(itemId, stateOfTwo, 'one two ', seqs[1]!);
      const loaded = await store.load(itemId);
      expect(rebuild({ state: loaded.state, updates: [] })).toBe('one two ');
      expect(loaded.updates.map((u) => [...u])).toEqual([[...updates[2]!], [...updates[3]!]]);
      expect(loaded.lastSeq).toBe(seqs[3]);

      await store.compact(itemId, Y.encodeStateAsUpdate(doc), text.toString(), seqs[3]!);
      const folded = await store.load(itemId);
      expect(rebuild(folded)).toBe('one two three four');
      expect(folded.updates).toEqual([]);
      expect(folded.lastSeq).toBe(seqs[3]);
    });

    it('a late compaction through an older seq does not replace a newer state', async () => {
      const itemId = await h.createItem();
      const { doc, text, updates } = typist();
      text.insert(0, 'older');
      const olderState = Y.encodeStateAsUpdate(doc);
      text.insert(5, ', newer');
      const first = await store.append(itemId, updates[0]!);
      const second = await store.append(itemId, updates[1]!);
      await store.compact(itemId, Y.encodeStateAsUpdate(doc), 'older, newer', second);
      await store.compact(itemId, olderState, 'older', first);
      const loaded = await store.load(itemId);
      expect(rebuild(loaded)).toBe('older, newer');
      expect(loaded.lastSeq).toBe(second);
      expect(await h.readContent(itemId)).toBe('older, newer');
    });

    it('fetches exactly the log rows asked for; folded rows are no longer there', async () => {
      const itemId = await h.createItem();
      const other = await h.createItem();
      const { doc, text, updates } = typist();
      for (const c of 'abcd') text.insert(text.length, c);
      const seqs = await Promise.all(updates.map((update, i) => store.append(i === 2 ? other : itemId, update)));
      const fetched = await store.fetchUpdates([seqs[3]!, seqs[2]!, seqs[0]!]);
      expect(fetched.map((r) => [r.itemId, r.seq, [...r.update]])).toEqual([
        [itemId, seqs[0], [...updates[0]!]],
        [other, seqs[2], [...updates[2]!]],
        [itemId, seqs[3], [...updates[3]!]],
      ]);
      await store.compact(itemId, Y.encodeStateAsUpdate(doc), text.toString(), seqs[3]!);
      expect((await store.fetchUpdates(seqs)).map((r) => r.seq)).toEqual([seqs[2]]);
      expect(await store.fetchUpdates([])).toEqual([]);
    });

    it('a compaction never loses an update appended by another store instance', async () => {
      const itemId = await h.createItem();
      const replica = await h.openAnother();
      const [a, b] = [typist(), typist()];
      a.text.insert(0, 'from A. ');
      const seqA = await store.append(itemId, a.updates[0]!);
      // B's document never saw A's update; B's row gets a later seq.
      b.text.insert(0, 'from B. ');
      const seqB = await replica.append(itemId, b.updates[0]!);
      expect(seqB > seqA).toBe(true);
      // A compacts through B's seq with a state that lacks B's update...
      await store.compact(itemId, Y.encodeStateAsUpdate(a.doc), a.text.toString(), seqB);
      // ...and B, later, with a state that lacks A's, although A's rows are gone from the log.
      b.text.insert(b.text.length, 'again B.');
      const seqB2 = await replica.append(itemId, b.updates[1]!);
      await replica.compact(itemId, Y.encodeStateAsUpdate(b.doc), b.text.toString(), seqB2);

      const loaded = await store.load(itemId);
      expect(loaded.updates).toEqual([]);
      const text = rebuild(loaded);
      for (const part of ['from A. ', 'from B. ', 'again B.']) expect(text).toContain(part);
    });

    it('two stores compacting the same item concurrently keep every update', async () => {
      const itemId = await h.createItem();
      const replica = await h.openAnother();
      const writers = [
        { store, ...typist(), name: 'a' },
        { store: replica, ...typist(), name: 'b' },
      ];
      const everything = new Y.Doc();
      let through = 0n;
      for (let round = 0; round < 6; round++) {
        await Promise.all(
          writers.map(async (w) => {
            for (let k = 0; k < 5; k++) w.text.insert(w.text.length, `${w.name}${round}.${k} `);
            for (const update of w.updates.splice(0)) {
              Y.applyUpdate(everything, update);
              const seq = await w.store.append(itemId, update);
              if (seq > through) through = seq;
            }
          }),
        );
        // Both compact at once, each with only its own edits, through the highest seq so far.
        await Promise.all(writers.map((w) => w.store.compact(itemId, Y.encodeStateAsUpdate(w.doc), w.text.toString(), through)));
      }
      const loaded = await store.load(itemId);
      expect(loaded.updates).toEqual([]);
      expect(rebuild(loaded)).toBe(everything.getText('content').toString());
      expect(rebuild(loaded)).toHaveLength(2 * 6 * 5 * 5);
    });

    it('a load while another store instance compacts always has every update', async () => {
      const itemId = await h.createItem();
      const replica = await h.openAnother();
      const { doc, text, updates } = typist();
      let through = 0n;
      for (let i = 0; i < 40; i++) text.insert(text.length, `${i} `);
      for (const update of updates) through = await store.append(itemId, update);
      const expected = text.toString();
      // Compactions fold the log through ever later seqs while loads run beside them.
      const compactions = (async () => {
        for (let k = 0; k < 8; k++) await replica.compact(itemId, Y.encodeStateAsUpdate(doc), expected, through - BigInt(40 - 5 * k));
        await replica.compact(itemId, Y.encodeStateAsUpdate(doc), expected, through);
      })();
      const loads = Array.from({ length: 12 }, () => store.load(itemId).then(rebuild));
      await compactions;
      expect(await Promise.all(loads)).toEqual(Array(12).fill(expected));
      expect(rebuild(await store.load(itemId))).toBe(expected);
    });

    it('keeps the text current for other readers', async () => {
      const [a, b] = [await h.createItem(), await h.createItem()];
      store.writeContent(a, 'first');
      store.writeContent(a, 'print("a")');
      const tricky = 'print("b")\n\t{"k": [1, \\"x\\"]}, NULL, \'q\', ü ✓ 🎉 \u2028 end\\';
      store.writeContent(b, tricky);
      await store.flush();
      expect(await h.readContent(a)).toBe('print("a")');
      expect(await h.readContent(b)).toBe(tricky);
    });

    it('a failing batch rejects its own promises only', async () => {
      const itemId = await h.createItem();
      const good = store.append(itemId, Uint8Array.of(1));
      const bad = store.append(h.unstorableItemId, Uint8Array.of(2));
      const flushed = store.flush(); // the two above are now one batch, in flight
      const next = store.append(itemId, Uint8Array.of(3));
      await expect(good).rejects.toThrow();
      await expect(bad).rejects.toThrow();
      await flushed;
      await expect(next).resolves.toBeTypeOf('bigint');
      expect((await store.load(itemId)).updates.map((u) => [...u])).toEqual([[3]]);
    });

    it('rejects updates for a deleted item without failing the other documents', async () => {
      const [kept, deleted] = [await h.createItem(), await h.createItem()];
      await store.append(deleted, Uint8Array.of(0));
      await h.deleteItem(deleted);
      const results = await Promise.allSettled([store.append(kept, Uint8Array.of(1)), store.append(deleted, Uint8Array.of(2))]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
      expect((await store.load(deleted)).updates).toEqual([]);
    });

    it('keeps an acknowledged update across a restart', async () => {
      const itemId = await h.createItem();
      const { text, updates } = typist();
      text.insert(0, 'x = 42\n');
      for (const update of updates) await store.append(itemId, update);
      store = await h.reopen();
      expect(rebuild(await store.load(itemId))).toBe('x = 42\n');
    });

    it('keeps the order appends were made in, across batches, and counts them pending until committed', async () => {
      const itemId = await h.createItem();
      const first = store.append(itemId, Uint8Array.of(1));
      const flushed = store.flush(); // the first is a batch of its own, in flight
      const later = [2, 3].map((n) => store.append(itemId, Uint8Array.of(n)));
      expect(store.stats().pendingUpdates).toBe(3);
      const seqs = await Promise.all([first, ...later]);
      await flushed;
      expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);
      const loaded = await store.load(itemId);
      expect(loaded.updates.map((u) => [...u])).toEqual([[1], [2], [3]]);
      expect(loaded.lastSeq).toBe(seqs[2]);
      expect(store.stats().pendingUpdates).toBe(0);
    });

    it('a compaction leaves a row committed after its seq in the log, though the caller state holds it', async () => {
      // The hub compacts with appends in flight: they are in its state, and commit with a later seq.
      const itemId = await h.createItem();
      const { doc, text, updates } = typist();
      text.insert(0, 'kept ');
      const first = await store.append(itemId, updates[0]!);
      text.insert(5, 'in flight');
      const pending = store.append(itemId, updates[1]!);
      await store.compact(itemId, Y.encodeStateAsUpdate(doc), text.toString(), first);
      const second = await pending;
      const loaded = await store.load(itemId);
      expect(loaded.state).not.toBeNull();
      expect(loaded.updates.map((u) => [...u])).toEqual([[...updates[1]!]]);
      expect(loaded.lastSeq).toBe(second);
      expect(rebuild(loaded)).toBe('kept in flight');
    });

    it("a compaction's text replaces a content write made before it", async () => {
      const itemId = await h.createItem();
      const { doc, text, updates } = typist();
      text.insert(0, 'compacted');
      const seq = await store.append(itemId, updates[0]!);
      store.writeContent(itemId, 'older');
      await store.compact(itemId, Y.encodeStateAsUpdate(doc), text.toString(), seq);
      await store.flush();
      expect(await h.readContent(itemId)).toBe('compacted');
    });

    it('compacting a deleted item does nothing and does not fail', async () => {
      const itemId = await h.createItem();
      const { doc, text, updates } = typist();
      text.insert(0, 'gone');
      const seq = await store.append(itemId, updates[0]!);
      await h.deleteItem(itemId);
      await expect(store.compact(itemId, Y.encodeStateAsUpdate(doc), text.toString(), seq)).resolves.toBeUndefined();
      expect(await store.load(itemId)).toEqual({ state: null, updates: [], lastSeq: 0n });
    });

    it('refuses with typed errors: ItemNotFoundError for a deleted item, DocumentStoreClosedError after close', async () => {
      const itemId = await h.createItem();
      await h.deleteItem(itemId);
      await expect(store.append(itemId, Uint8Array.of(1))).rejects.toBeInstanceOf(ItemNotFoundError);
      await store.close();
      await expect(store.append(await h.createItem(), Uint8Array.of(2))).rejects.toBeInstanceOf(DocumentStoreClosedError);
    });

    it('refuses appends after close', async () => {
      const itemId = await h.createItem();
      await store.close();
      await expect(store.append(itemId, Uint8Array.of(1))).rejects.toThrow(/closed/);
    });
  });
}
