import type { ReviewRow } from '@tandem/persistence';
import type { ReviewEventKind, ReviewStatus } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import type { ReviewChange } from '../events';
import { notificationsFor } from './notifications-for';

const AUTHOR = 'author';
const REVIEWER = 'reviewer';
const NEXT = 'next-reviewer';
const CLAIMER = 'claimer';

function row(status: ReviewStatus, reviewerId: string | null): ReviewRow {
  return {
    id: 'review-1', workspaceId: 'ws', authorId: AUTHOR, authorUsername: 'a', reviewerId, reviewerUsername: reviewerId,
    title: 't', description: '', priority: 'low', status, createdAt: 0, updatedAt: 0, lastAssignedAt: null,
  };
}

function change(before: ReviewRow | null, after: ReviewRow, ...events: Array<[ReviewEventKind, string]>): ReviewChange {
  return {
    review: after,
    before,
    events: events.map(([kind, actorId], i) => ({ id: `event-${i}`, seq: i + 1, kind, actorId, fromStatus: null, toStatus: after.status, note: '', at: 0 })),
  };
}

const cases: Array<[string, ReviewChange, Array<[string, string, string | null]>]> = [
  ['submitted to a reviewer: the reviewer is assigned', change(null, row('pending', REVIEWER), ['submitted', AUTHOR], ['assigned', AUTHOR]), [[REVIEWER, 'review_assigned', null]]],
  ['submitted to the queue: nobody', change(null, row('pending', null), ['submitted', AUTHOR]), []],
  ['claimed: the author, never the claimer', change(row('pending', null), row('pending', CLAIMER), ['claimed', CLAIMER]), [[AUTHOR, 'review_claimed', null]]],
  ['started: the author', change(row('pending', REVIEWER), row('in_review', REVIEWER), ['started', REVIEWER]), [[AUTHOR, 'review_started', null]]],
  ['changes requested: the author, with the verdict', change(row('in_review', REVIEWER), row('changes_requested', REVIEWER), ['changes_requested', REVIEWER]), [[AUTHOR, 'review_verdict', 'changes_requested']]],
  ['approved: the author, with the verdict', change(row('in_review', REVIEWER), row('approved', REVIEWER), ['approved', REVIEWER]), [[AUTHOR, 'review_verdict', 'approved']]],
  ['rejected: the author, with the verdict', change(row('in_review', REVIEWER), row('rejected', REVIEWER), ['rejected', REVIEWER]), [[AUTHOR, 'review_verdict', 'rejected']]],
  [
    'handed back and re-assigned: the author, and the new reviewer (not the one handing back)',
    change(row('in_review', REVIEWER), row('pending', NEXT), ['handed_back', REVIEWER], ['assigned', REVIEWER]),
    [[AUTHOR, 'review_handed_back', null], [NEXT, 'review_assigned', null]],
  ],
  ['handed back to the queue: the author only', change(row('pending', REVIEWER), row('pending', null), ['handed_back', REVIEWER]), [[AUTHOR, 'review_handed_back', null]]],
  ['withdrawn: the reviewer', change(row('in_review', REVIEWER), row('withdrawn', REVIEWER), ['withdrawn', AUTHOR]), [[REVIEWER, 'review_withdrawn', null]]],
  ['withdrawn from the queue: nobody', change(row('pending', null), row('withdrawn', null), ['withdrawn', AUTHOR]), []],
  ['re-requested: the reviewer', change(row('changes_requested', REVIEWER), row('pending', REVIEWER), ['rerequested', AUTHOR]), [[REVIEWER, 'review_rerequested', null]]],
  // Not reachable through the state machine today; the rule holds whatever the actor's role.
  ['an actor is never told of their own action', change(row('in_review', AUTHOR), row('approved', AUTHOR), ['approved', AUTHOR]), []],
];

describe('notificationsFor', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    const planned = notificationsFor(input);
    expect(planned.map((p) => [p.userId, p.kind, p.verdict])).toEqual(expected);
    for (const p of planned) {
      expect(p.reviewId).toBe('review-1');
      expect(p.userId).not.toBe(p.actorId);
      expect(input.events.map((e) => e.id)).toContain(p.eventId);
    }
  });
});
