/**
 * Submitting a workspace for review: the request, its reviewer (by username, or picked
 * automatically; nobody eligible: the queue), its first events (`submitted`, and
 * `assigned` when someone is) and the snapshot of every file the submission is of, in
 * one transaction. The caller has checked that the author may (`review.request`).
 */
import { findUserByUsername, inTransaction, insertReview, insertSnapshot, listReviewerCandidates, type ReviewRow } from '@tandem/persistence';
import type { ReviewPriority } from '@tandem/protocol';
import { appendReviewEvent, assignedNote, type AppendedEvent } from './append-event';
import { pickReviewer } from './assignment';
import { minReviewerLevel } from './review-policy';
import type { ReviewStores } from './review-stores';
import { captureSnapshot } from './snapshot';

export interface Submission {
  workspaceId: string;
  authorId: string;
  title: string;
  description: string;
  priority: ReviewPriority;
  /** A username, or null for automatic assignment. */
  reviewer: string | null;
  /** ms since the epoch. */
  at: number;
}

export type SubmitResult =
  | { kind: 'submitted'; review: ReviewRow; events: AppendedEvent[] }
  | { kind: 'reviewer_not_found' }
  | { kind: 'own_review' }
  | { kind: 'not_eligible'; level: number; needed: number };

export function submitReview({ pool, documents }: ReviewStores, submission: Submission): Promise<SubmitResult> {
  return inTransaction(pool, async (tx): Promise<SubmitResult> => {
    const needed = minReviewerLevel(submission.priority);
    let reviewer: { id: string; username: string } | null = null;
    if (submission.reviewer !== null) {
      const user = await findUserByUsername(tx, submission.reviewer);
      if (!user) return { kind: 'reviewer_not_found' };
      if (user.id === submission.authorId) return { kind: 'own_review' };
      if (user.reviewerLevel < needed) return { kind: 'not_eligible', level: user.reviewerLevel, needed };
      reviewer = user;
    } else {
      const candidates = await listReviewerCandidates(tx, needed, submission.authorId);
      const picked = pickReviewer({ authorId: submission.authorId, priority: submission.priority }, candidates);
      reviewer = picked;
    }
    const review = await insertReview(tx, { ...submission, reviewerId: reviewer?.id ?? null });
    const base = { actorId: submission.authorId, at: submission.at };
    const events = [await appendReviewEvent(tx, review.id, { ...base, kind: 'submitted', fromStatus: null, toStatus: 'pending', note: '' })];
    // Read inside the transaction (why: apply-transition.ts, which does the same).
    await insertSnapshot(tx, events[0]!.id, await captureSnapshot(tx, documents, submission.workspaceId));
    if (reviewer) {
      const how = submission.reviewer === null ? 'automatic' : 'chosen';
      events.push(await appendReviewEvent(tx, review.id, { ...base, kind: 'assigned', fromStatus: 'pending', toStatus: 'pending', note: assignedNote(reviewer.username, how) }));
    }
    return { kind: 'submitted', review, events };
  });
}
