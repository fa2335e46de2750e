import { describe, expect, it } from 'vitest';
import { decodeUpdateNotice, encodeUpdateNotices, isNoticeError, type CommittedRow, type UpdateNotice } from './notify-payload';

const A = '0a0a0a0a-0000-4000-8000-000000000001';
const B = '0b0b0b0b-0000-4000-8000-000000000002';

const rows = (itemId: string, ...seqs: number[]): CommittedRow[] => seqs.map((seq) => ({ itemId, seq: BigInt(seq) }));

function decoded(payload: string): UpdateNotice {
  const notice = decodeUpdateNotice(payload);
  if (isNoticeError(notice)) throw new Error(notice.error);
  return notice;
}

/** Every (item, seq) of a set of payloads, as strings, sorted. */
function pairs(payloads: string[]): string[] {
  return payloads.flatMap((p) => decoded(p).items.flatMap(({ itemId, seqs }) => seqs.map((s) => `${itemId}:${s}`))).sort();
}

describe('update notification payload', () => {
  it('writes a burst into one document as one run, offsets in hex from the batch base', () => {
    const [payload] = encodeUpdateNotices('r1', rows(A, 1000, 1001, 1002, 1003));
    expect(payload).toBe(`1;r1;1000;${A}=0-3`);
    expect(decoded(payload!)).toEqual({ replicaId: 'r1', items: [{ itemId: A, seqs: [1000n, 1001n, 1002n, 1003n] }] });
  });

  it('keeps interleaved documents apart and skips seqs another writer took', () => {
    const batch = [...rows(B, 500, 502, 503), ...rows(A, 501, 520)];
    const payloads = encodeUpdateNotices('r1', batch);
    expect(payloads).toEqual([`1;r1;500;${A}=1,14;${B}=0,2-3`]);
    expect(decoded(payloads[0]!).items).toEqual([
      { itemId: A, seqs: [501n, 520n] },
      { itemId: B, seqs: [500n, 502n, 503n] },
    ]);
  });

  it('splits a large batch into notifications below PostgreSQL\'s 8,000 bytes, losing nothing', () => {
    // 2,000 updates alternating between two documents (no runs), plus 300 one-update documents.
    const items = Array.from({ length: 300 }, (_, i) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`);
    const batch: CommittedRow[] = [];
    let seq = 1n << 40n;
    for (let i = 0; i < 2000; i++) batch.push({ itemId: i % 2 ? A : B, seq: seq++ });
    for (const itemId of items) batch.push({ itemId, seq: seq++ });
    const payloads = encodeUpdateNotices('replica-with-a-long-name-0123456789', batch);
    expect(payloads.length).toBeGreaterThan(2);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(7_400);
    expect(pairs(payloads)).toEqual(batch.map((r) => `${r.itemId}:${r.seq}`).sort());
  });

  it('lower-cases item ids, as PostgreSQL prints uuids', () => {
    expect(encodeUpdateNotices('r1', rows(A.toUpperCase(), 7))).toEqual([`1;r1;7;${A}=0`]);
  });

  it('encodes nothing for an empty batch', () => {
    expect(encodeUpdateNotices('r1', [])).toEqual([]);
  });

  it('returns malformed or unknown payloads as errors, never throws', () => {
    for (const payload of [
      '',
      '2;r1;1;' + A + '=0',
      '1;r1;1',
      '1;r 1;1;' + A + '=0',
      '1;r1;x;' + A + '=0',
      '1;r1;1;' + A,
      '1;r1;1;' + A + '=',
      '1;r1;1;' + A + '=g',
      '1;r1;1;' + A + '=5-2',
      '1;r1;1;' + A + '=0-ffffffff',
      '1;r1;1;not-a-uuid=0',
    ]) {
      expect(isNoticeError(decodeUpdateNotice(payload)), payload).toBe(true);
    }
  });
});
