import { describe, expect, it } from 'vitest';
import type { UpdateNotice } from '@tandem/persistence';
import { groupByItem, itemsMissingRows, planFetch } from './replica-fetch-plan';

const A = 'aaaaaaaa-0000-4000-8000-000000000000';
const B = 'bbbbbbbb-0000-4000-8000-000000000000';
const C = 'cccccccc-0000-4000-8000-000000000000';

const notice = (replicaId: string, items: Record<string, number[]>): UpdateNotice => ({
  replicaId,
  items: Object.entries(items).map(([itemId, seqs]) => ({ itemId, seqs: seqs.map(BigInt) })),
});

const row = (itemId: string, seq: number) => ({ itemId, seq: BigInt(seq), update: Uint8Array.of(seq) });

describe('replica fetch plan', () => {
  it("fetches other replicas' rows of held documents only, in one ascending list", () => {
    const held = new Set([A, B]);
    const plan = planFetch(
      [notice('other', { [A]: [12, 10], [C]: [11] }), notice('me', { [A]: [13] }), notice('third', { [B]: [9], [A]: [10] })],
      'me',
      (id) => held.has(id),
    );
    expect(plan.seqs).toEqual([9n, 10n, 12n]);
    expect([...plan.byItem.keys()].sort()).toEqual([A, B]);
  });

  it('plans nothing for a burst of its own notifications', () => {
    expect(planFetch([notice('me', { [A]: [1, 2] })], 'me', () => true).seqs).toEqual([]);
  });

  it('re-reads a document whose announced rows were compacted away, and only that one', () => {
    const plan = planFetch([notice('other', { [A]: [1, 2], [B]: [3] })], 'me', () => true);
    expect(itemsMissingRows(plan, [row(A, 1), row(A, 2), row(B, 4)])).toEqual([B]);
    expect(itemsMissingRows(plan, [row(A, 1), row(A, 2), row(B, 3)])).toEqual([]);
  });

  it('groups fetched rows per document in seq order, with the highest seq', () => {
    const groups = groupByItem([row(A, 1), row(B, 2), row(A, 3)]);
    expect(groups.get(A)).toEqual({ updates: [Uint8Array.of(1), Uint8Array.of(3)], lastSeq: 3n });
    expect(groups.get(B)!.lastSeq).toBe(2n);
  });
});
