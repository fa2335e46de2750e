import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeForCompaction } from './compaction-merge';

function typed(text: string): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const word of text.split(' ')) doc.getText('content').insert(doc.getText('content').length, `${word} `);
  return { doc, updates };
}

function textOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getText('content').toString();
}

describe('mergeForCompaction', () => {
  it("keeps the caller's state, the stored state and every row, whoever saw what", () => {
    const caller = typed('mine');
    const stored = typed('compacted elsewhere');
    const other = typed('appended elsewhere');
    const rows = other.updates.map((update, i) => ({ seq: BigInt(10 + i), update }));
    const merged = mergeForCompaction(Y.encodeStateAsUpdate(caller.doc), Y.encodeStateAsUpdate(stored.doc), rows);
    const text = textOf(merged.state);
    for (const part of ['mine', 'compacted elsewhere', 'appended elsewhere']) expect(text).toContain(part);
    expect(merged.folded).toEqual([10n, 11n]);
    expect(merged.unreadable).toEqual([]);
  });

  it('is idempotent: rows the caller already has change nothing', () => {
    const caller = typed('one two three');
    const rows = caller.updates.map((update, i) => ({ seq: BigInt(i + 1), update }));
    const merged = mergeForCompaction(Y.encodeStateAsUpdate(caller.doc), null, rows);
    expect(textOf(merged.state)).toBe('one two three ');
    expect(merged.folded).toEqual([1n, 2n, 3n]);
  });

  it('leaves an unreadable row out of the state and out of the rows to delete', () => {
    const caller = typed('kept');
    const other = typed('also kept');
    const rows = [
      { seq: 1n, update: other.updates[0]! },
      { seq: 2n, update: Uint8Array.of(0xff, 0xff, 0xff) },
      { seq: 3n, update: other.updates[1]! },
    ];
    const merged = mergeForCompaction(Y.encodeStateAsUpdate(caller.doc), null, rows);
    expect(textOf(merged.state)).toContain('also kept');
    expect(merged.folded).toEqual([1n, 3n]);
    expect(merged.unreadable).toEqual([2n]);
  });

  it('refuses to replace an unreadable stored state', () => {
    const caller = typed('x');
    expect(() => mergeForCompaction(Y.encodeStateAsUpdate(caller.doc), Uint8Array.of(0xff, 0xff, 0xff), [])).toThrow(/not a readable Yjs update/);
  });
});
