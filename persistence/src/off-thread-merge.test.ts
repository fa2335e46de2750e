import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeForCompactionWith } from './compaction-merge';
import { OffThreadMerge } from './off-thread-merge';

function typed(...words: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const word of words) doc.getText('content').insert(doc.getText('content').length, word);
  return updates;
}

const textOf = (state: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getText('content').toString();
};

let merges: OffThreadMerge;
afterEach(async () => {
  await merges?.close();
});

describe('OffThreadMerge', () => {
  it('merges on a worker thread to what Yjs merges here', async () => {
    merges = new OffThreadMerge();
    const updates = typed('one ', 'two ', 'three');
    const state = await merges.merge(updates);
    expect(Buffer.from(state)).toEqual(Buffer.from(Y.mergeUpdates(updates)));
    expect(textOf(state)).toBe('one two three');
  });

  it('rejects a part Yjs cannot read, and keeps merging afterwards', async () => {
    merges = new OffThreadMerge();
    // (One part alone Yjs returns unread: the garbage goes with a good one.)
    await expect(merges.merge([new Uint8Array([255, 255, 255, 1]), ...typed('x')])).rejects.toThrow();
    expect(textOf(await merges.merge(typed('still ', 'here')))).toBe('still here');
  });

  it('fails what it had when closed, and a compaction merge then falls back to this thread', async () => {
    merges = new OffThreadMerge();
    const failed = expect(merges.merge(typed('a', 'b'))).rejects.toThrow('closed');
    await merges.close();
    await failed;
    // A malformed row: the worker's whole merge fails, the fallback finds the row and leaves it.
    const rows = [...typed('kept'), new Uint8Array([0, 9, 9])].map((update, i) => ({ seq: BigInt(i + 1), update }));
    merges = new OffThreadMerge();
    const merged = await mergeForCompactionWith((parts) => merges.merge(parts), Y.encodeStateAsUpdate(new Y.Doc()), null, rows);
    expect(textOf(merged.state)).toBe('kept');
    expect(merged.folded).toEqual([1n]);
    expect(merged.unreadable).toEqual([2n]);
  });
});
