import { describe, expect, it } from 'vitest';
import { normaliseSize } from './terminal-size';

describe('normaliseSize', () => {
  it('keeps a usable size and repairs the rest', () => {
    expect(normaliseSize({ cols: 120, rows: 40 })).toEqual({ cols: 120, rows: 40 });
    expect(normaliseSize({ cols: 0, rows: 1e9 })).toEqual({ cols: 1, rows: 1000 });
    expect(normaliseSize({ cols: Number.NaN, rows: '30' })).toEqual({ cols: 80, rows: 24 });
    expect(normaliseSize({ cols: 99.7, rows: 10.2 })).toEqual({ cols: 99, rows: 10 });
  });
});
