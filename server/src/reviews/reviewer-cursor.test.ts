import { describe, expect, it } from 'vitest';
import { encodeCursor } from './review-cursor';
import { decodeReviewerCursor, encodeReviewerCursor } from './reviewer-cursor';

describe('the reviewer directory cursor', () => {
  it('round-trips a username, whatever its characters', () => {
    for (const name of ['alice', 'a_b-c', '%_\\"']) expect(decodeReviewerCursor(encodeReviewerCursor(name))).toBe(name);
  });

  it('refuses what it did not make: garbage, other JSON, the dashboard cursor, a name too long', () => {
    expect(decodeReviewerCursor('not a cursor')).toBeNull();
    expect(decodeReviewerCursor(Buffer.from('{"u":"alice"}').toString('base64url'))).toBeNull();
    expect(decodeReviewerCursor(encodeCursor({ priority: 'low', createdAt: 1, id: '00000000-0000-0000-0000-000000000000' }))).toBeNull();
    expect(decodeReviewerCursor(encodeReviewerCursor('x'.repeat(65)))).toBeNull();
  });
});
