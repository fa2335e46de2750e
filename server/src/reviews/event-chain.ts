/**
 * The audit trail's hash chain. Each event of a review stores the hash of the one
 * before (null for the first) and its own: sha-256, hex, over a canonical encoding of
 * (prev_hash, review id, seq, actor, kind, from, to, note, created_at). The encoding
 * is a JSON array in that fixed order, with null for what is absent and the time as
 * ISO 8601 with milliseconds (what timestamptz(3) stores), so the same event always
 * hashes the same. Pure.
 *
 * `verifyChain` recomputes every hash: an event changed, removed or inserted (other
 * than at the end, which needs the chain rewritten) is found at its seq.
 */
import { createHash } from 'node:crypto';
import type { NewReviewEvent } from '@tandem/persistence';

/** An event as it is hashed: the stored row without its own hash (createdAt in ms since the epoch). */
export type ChainEvent = Omit<NewReviewEvent, 'hash'>;

export interface HashedEvent extends ChainEvent {
  hash: string;
}

export function canonicalEncoding(event: ChainEvent): string {
  return JSON.stringify([
    event.prevHash,
    event.reviewId,
    event.seq,
    event.actorId,
    event.kind,
    event.fromStatus,
    event.toStatus,
    event.note,
    new Date(event.createdAt).toISOString(),
  ]);
}

export function eventHash(event: ChainEvent): string {
  return createHash('sha256').update(canonicalEncoding(event), 'utf8').digest('hex');
}

/** The next event of a chain whose last event is `last` (null: the chain is empty). */
export function chainNext(last: { seq: number; hash: string } | null, event: Omit<ChainEvent, 'seq' | 'prevHash'>): HashedEvent {
  const linked: ChainEvent = { ...event, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? null };
  return { ...linked, hash: eventHash(linked) };
}

export type ChainVerdict = { ok: true } | { ok: false; seq: number; reason: 'hash' | 'link' | 'seq' };

/** Whether `events` (one review's, in seq order) form an intact chain. */
export function verifyChain(events: readonly HashedEvent[]): ChainVerdict {
  let previous: HashedEvent | null = null;
  for (const event of events) {
    if (event.seq !== (previous?.seq ?? 0) + 1) return { ok: false, seq: event.seq, reason: 'seq' };
    if (event.prevHash !== (previous?.hash ?? null)) return { ok: false, seq: event.seq, reason: 'link' };
    if (event.hash !== eventHash(event)) return { ok: false, seq: event.seq, reason: 'hash' };
    previous = event;
  }
  return { ok: true };
}
