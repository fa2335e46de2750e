import { describe, expect, it } from 'vitest';
import { closeStoredCopies, trackStoredCopy } from './open-stored-copies';

const copy = () => {
  const c = { closed: 0, destroy: async () => void c.closed++ };
  return c;
};

describe('open stored copies', () => {
  it('closes only that user\'s open copies, once, and forgets the ones already closed', async () => {
    const [a1, a2, b] = [copy(), copy(), copy()];
    trackStoredCopy('alice', a1);
    const untrackA2 = trackStoredCopy('alice', a2);
    trackStoredCopy('bob', b);
    untrackA2();
    await closeStoredCopies('alice');
    await closeStoredCopies('alice');
    expect([a1.closed, a2.closed, b.closed]).toEqual([1, 0, 0]);
  });

  it('survives a copy whose close fails', async () => {
    trackStoredCopy('carol', { destroy: () => Promise.reject(new Error('gone')) });
    await expect(closeStoredCopies('carol')).resolves.toBeUndefined();
  });
});
