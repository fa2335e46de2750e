/**
 * Who hears of a review change, and as what. Pure: a committed change (its request
 * before and after, the events it appended) in, the notifications to write out.
 *
 * - `assigned` → `review_assigned` to the reviewer it assigned: on submission with a
 *   reviewer (named or automatic) and on the re-assignment of a hand-back. A claim
 *   appends `claimed`, not `assigned`: the claimer assigned themselves.
 * - `claimed`, `started`, `handed_back` → the author, as `review_claimed`,
 *   `review_started`, `review_handed_back`.
 * - `changes_requested`, `approved`, `rejected` → the author, as `review_verdict` with
 *   the verdict.
 * - `withdrawn`, `rerequested` → the reviewer (none while queued: nobody to tell).
 * - `submitted` → nobody (its `assigned`, if any, tells the reviewer).
 *
 * Nobody is told of their own action.
 */
import type { NotificationKind, NotificationVerdict, ReviewEventKind } from '@tandem/protocol';
import type { ReviewChange } from '../events';

export interface PlannedNotification {
  userId: string;
  kind: NotificationKind;
  reviewId: string;
  actorId: string;
  eventId: string;
  verdict: NotificationVerdict | null;
}

type Recipient = 'author' | 'reviewer';

const RULES: Partial<Record<ReviewEventKind, { to: Recipient; kind: NotificationKind }>> = {
  assigned: { to: 'reviewer', kind: 'review_assigned' },
  claimed: { to: 'author', kind: 'review_claimed' },
  started: { to: 'author', kind: 'review_started' },
  changes_requested: { to: 'author', kind: 'review_verdict' },
  approved: { to: 'author', kind: 'review_verdict' },
  rejected: { to: 'author', kind: 'review_verdict' },
  handed_back: { to: 'author', kind: 'review_handed_back' },
  withdrawn: { to: 'reviewer', kind: 'review_withdrawn' },
  rerequested: { to: 'reviewer', kind: 'review_rerequested' },
};

const VERDICTS: readonly string[] = ['changes_requested', 'approved', 'rejected'] satisfies NotificationVerdict[];

export function notificationsFor(change: ReviewChange): PlannedNotification[] {
  const { review, before } = change;
  const planned: PlannedNotification[] = [];
  for (const event of change.events) {
    const rule = RULES[event.kind];
    if (!rule) continue;
    // The reviewer after the change is the one an `assigned` assigned (it is the last
    // word on the reviewer in a change); a withdrawal keeps the reviewer, but the
    // request before it names them for certain.
    const userId = rule.to === 'author' ? review.authorId : event.kind === 'withdrawn' ? (before ?? review).reviewerId : review.reviewerId;
    if (userId === null || userId === event.actorId) continue;
    planned.push({
      userId,
      kind: rule.kind,
      reviewId: review.id,
      actorId: event.actorId,
      eventId: event.id,
      verdict: VERDICTS.includes(event.kind) ? (event.kind as NotificationVerdict) : null,
    });
  }
  return planned;
}
