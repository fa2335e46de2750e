import { describe, expect, it } from 'vitest';
import { decodeAppendSeqs, encodeAppendBatch } from './append-batch';

describe('encodeAppendBatch', () => {
  it('concatenates the updates and cuts them by 1-based start and length, in order', () => {
    const [ids, blob, starts, lengths] = encodeAppendBatch([
      { itemId: 'a', update: Uint8Array.of(1, 2) },
      { itemId: 'b', update: Uint8Array.of() },
      { itemId: 'a', update: Uint8Array.of(3) },
    ]);
    expect(ids).toBe('{"a","b","a"}');
    expect([...blob]).toEqual([1, 2, 3]);
    expect(starts).toBe('{1,3,3}');
    expect(lengths).toBe('{2,0,1}');
  });

  it('keeps a hostile id one element, so it cannot smuggle rows into the batch', () => {
    const [ids] = encodeAppendBatch([{ itemId: 'x","y\\', update: Uint8Array.of(1) }]);
    expect(ids).toBe('{"x\\",\\"y\\\\"}');
  });
});

describe('decodeAppendSeqs', () => {
  it('expands a contiguous range', () => {
    expect(decodeAppendSeqs(['41', 3, null], 3)).toEqual([41n, 42n, 43n]);
  });

  it('reads the list when another writer interleaved', () => {
    expect(decodeAppendSeqs(['41', 3, '41,44,45'], 3)).toEqual([41n, 44n, 45n]);
  });

  it('refuses a result that does not cover the batch', () => {
    expect(() => decodeAppendSeqs(['1', 2, null], 3)).toThrow(/2 of 3/);
  });
});
