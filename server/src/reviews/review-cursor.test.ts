import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './review-cursor';

describe('the review list cursor', () => {
  it('round-trips the last row of a page', () => {
    const position = { priority: 'high' as const, createdAt: 1_764_000_000_123, id: '6f1c2a8e-7d7b-4c1e-9a53-3f0e5b1d2c4a' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('refuses what it did not make', () => {
    const enc = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of ['garbage', '', enc({}), enc(['extreme', 1, '6f1c2a8e-7d7b-4c1e-9a53-3f0e5b1d2c4a']), enc(['low', 1.5, '6f1c2a8e-7d7b-4c1e-9a53-3f0e5b1d2c4a']), enc(['low', 1, "x' OR 1=1"])]) {
      expect(decodeCursor(cursor), cursor).toBeNull();
    }
  });
});
