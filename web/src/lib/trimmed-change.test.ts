import { describe, expect, it } from 'vitest';
import { trimChange } from './trimmed-change';

describe('trimChange', () => {
  it('keeps the common prefix and suffix of a whole-file rewrite', () => {
    expect(trimChange('a\nb\nc\n', 'a\nB\nc\n')).toEqual({ index: 2, delete: 1, insert: 'B' });
  });
  it('is null when nothing changes, and never splits a surrogate pair', () => {
    expect(trimChange('same', 'same')).toBeNull();
    const change = trimChange('x😀y', 'x😃y')!;
    expect(change.index).toBe(1);
    expect(change.delete).toBe(2);
  });
});
