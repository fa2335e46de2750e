import { describe, expect, it } from 'vitest';
import { canonicalEncoding, chainNext, eventHash, verifyChain, type HashedEvent } from './event-chain';

const REVIEW = '6f1c2a8e-7d7b-4c1e-9a53-3f0e5b1d2c4a';
const ACTOR = '0b8f4f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

function chain(): HashedEvent[] {
  const events: HashedEvent[] = [];
  const facts = [
    { kind: 'submitted', fromStatus: null, toStatus: 'pending', note: '' },
    { kind: 'assigned', fromStatus: 'pending', toStatus: 'pending', note: 'assigned to bob (automatic)' },
    { kind: 'started', fromStatus: 'pending', toStatus: 'in_review', note: '' },
    { kind: 'approved', fromStatus: 'in_review', toStatus: 'approved', note: 'LGTM' },
  ];
  for (const [i, f] of facts.entries()) events.push(chainNext(events.at(-1) ?? null, { reviewId: REVIEW, actorId: ACTOR, createdAt: 1_764_000_000_000 + i, ...f }));
  return events;
}

describe('the event hash chain', () => {
  it('links each event to the one before and numbers them from 1', () => {
    const events = chain();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events[0]!.prevHash).toBeNull();
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    expect(events[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyChain(events)).toEqual({ ok: true });
    expect(verifyChain([])).toEqual({ ok: true });
  });

  it('encodes every field, in a fixed order, the time to the millisecond', () => {
    const [first] = chain();
    expect(canonicalEncoding(first!)).toBe(`[null,"${REVIEW}",1,"${ACTOR}","submitted",null,"pending","","2025-11-24T16:00:00.000Z"]`);
    expect(eventHash({ ...first!, note: 'x' })).not.toBe(first!.hash);
    expect(eventHash({ ...first!, createdAt: first!.createdAt + 1 })).not.toBe(first!.hash);
  });

  it('finds a changed field, a changed hash, a removed event and a reordering at their seq', () => {
    const changedNote = chain();
    changedNote[3] = { ...changedNote[3]!, note: 'LGTM!' };
    expect(verifyChain(changedNote)).toEqual({ ok: false, seq: 4, reason: 'hash' });

    const rehashed = chain();
    rehashed[1] = { ...rehashed[1]!, toStatus: 'approved' };
    rehashed[1] = { ...rehashed[1]!, hash: eventHash(rehashed[1]!) };
    expect(verifyChain(rehashed)).toEqual({ ok: false, seq: 3, reason: 'link' });

    const removed = chain();
    removed.splice(1, 1);
    expect(verifyChain(removed)).toEqual({ ok: false, seq: 3, reason: 'seq' });
  });
});
