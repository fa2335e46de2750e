import { describe, expect, it } from 'vitest';
import { presenceOf } from './presence';

const ann = { id: 'u1', username: 'ann' };
const bob = { id: 'u2', username: 'bob' };

describe('presenceOf', () => {
  it('PRES-1: counts each user once, with their sockets and their most recently focused file', () => {
    expect(
      presenceOf([
        { user: bob, focus: null, focusedAt: -1 },
        { user: ann, focus: 'f1', focusedAt: 1 },
        { user: ann, focus: 'f2', focusedAt: 5 },
        { user: ann, focus: null, focusedAt: 9 },
      ]),
    ).toEqual([
      { userId: 'u1', username: 'ann', connections: 3, itemId: 'f2' },
      { userId: 'u2', username: 'bob', connections: 1, itemId: null },
    ]);
  });
  it('is empty for no sessions', () => {
    expect(presenceOf([])).toEqual([]);
  });
});
