/**
 * Appends one event to a request's audit trail, linked to the last one. Call inside
 * the transaction that holds the request's row lock (`lockReview`, or the insert of a
 * new request), so no other event of it can slip between the read and the write.
 */
import { insertReviewEvent, lastReviewEvent } from '@tandem/persistence';
import type { ReviewEventKind, ReviewStatus } from '@tandem/protocol';
import type { CommonQueryMethods } from 'slonik';
import { chainNext } from './event-chain';

export interface EventFacts {
  actorId: string;
  kind: ReviewEventKind;
  fromStatus: ReviewStatus | null;
  toStatus: ReviewStatus;
  note: string;
  /** ms since the epoch. */
  at: number;
}

/** An event as appended: what listeners after the commit (notifications, access) are told. */
export interface AppendedEvent extends EventFacts {
  id: string;
  seq: number;
}

export async function appendReviewEvent(tx: CommonQueryMethods, reviewId: string, facts: EventFacts): Promise<AppendedEvent> {
  const last = await lastReviewEvent(tx, reviewId);
  const event = chainNext(last, {
    reviewId,
    actorId: facts.actorId,
    kind: facts.kind,
    fromStatus: facts.fromStatus,
    toStatus: facts.toStatus,
    note: facts.note,
    createdAt: facts.at,
  });
  const id = await insertReviewEvent(tx, event);
  return { ...facts, id, seq: event.seq };
}

/** The note of an `assigned` event: who, and how they were chosen. */
export function assignedNote(username: string, how: 'chosen' | 'automatic'): string {
  return `assigned to ${username} (${how})`;
}
