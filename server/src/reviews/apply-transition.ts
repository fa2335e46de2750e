/**
 * One transition of a review request, with its event(s), in one transaction that
 * holds the request's row lock: of two transitions at once, the second sees the
 * first's outcome and is judged on it (so `approve` and `withdraw` cannot both win).
 * A hand-back re-assigns automatically (not to the one handing back) or queues.
 *
 * A re-request and each verdict record what they were given on: a snapshot of every
 * file (snapshot.ts), written with the event. The files are read inside the
 * transaction, once the transition is allowed, rather than before it:
 * - only an allowed transition pays for reading the workspace (a stranger's refused
 *   `approve` reads nothing);
 * - the file list is read by the transaction that commits the event, and under the
 *   request's row lock, so two snapshots of one request are in the order of their events;
 * - it cannot deadlock on the pool: a document that is not live loads through the
 *   document store's own pool, never the transaction's.
 * The price: the row lock is held while the documents are read, which delays only
 * other transitions of this one request.
 */
import { findWorkspaceRole, inTransaction, insertSnapshot, listReviewerCandidates, lockReview, SNAPSHOT_EVENT_KINDS, updateReview, type ReviewRow } from '@tandem/persistence';
import type { ReviewAction } from '@tandem/protocol';
import { isMemberRole } from '../auth/policy';
import { appendReviewEvent, assignedNote, type AppendedEvent } from './append-event';
import { pickReviewer } from './assignment';
import { minReviewerLevel } from './review-policy';
import { maySee, reviewRoleOf, type Viewer } from './review-roles';
import { transition } from './review-state-machine';
import type { ReviewStores } from './review-stores';
import { captureSnapshot } from './snapshot';

export interface TransitionRequest {
  reviewId: string;
  user: { id: string; reviewerLevel: number };
  action: ReviewAction;
  note: string;
  /** ms since the epoch. */
  at: number;
}

export type TransitionResult =
  | { kind: 'done'; review: ReviewRow; viewer: Viewer; before: ReviewRow; events: AppendedEvent[] }
  | { kind: 'not_found' }
  | { kind: 'refused'; allowed: ReviewAction[]; status: ReviewRow['status'] };

const snapshotted: ReadonlySet<string> = new Set(SNAPSHOT_EVENT_KINDS);

export function applyTransition({ pool, documents }: ReviewStores, request: TransitionRequest): Promise<TransitionResult> {
  return inTransaction(pool, async (tx): Promise<TransitionResult> => {
    const review = await lockReview(tx, request.reviewId);
    if (!review) return { kind: 'not_found' };
    const role = await findWorkspaceRole(tx, review.workspaceId, request.user.id);
    const viewer: Viewer = { userId: request.user.id, reviewerLevel: request.user.reviewerLevel, isMember: isMemberRole(role) };
    if (!maySee(review, viewer)) return { kind: 'not_found' };
    const outcome = transition({ status: review.status, assigned: review.reviewerId !== null }, request.action, reviewRoleOf(review, viewer));
    if (!outcome.ok) return { kind: 'refused', allowed: outcome.allowed, status: review.status };

    const base = { actorId: request.user.id, at: request.at };
    const events = [await appendReviewEvent(tx, review.id, { ...base, kind: outcome.event, fromStatus: review.status, toStatus: outcome.to, note: request.note })];
    if (snapshotted.has(outcome.event)) await insertSnapshot(tx, events[0]!.id, await captureSnapshot(tx, documents, review.workspaceId));
    let reviewerId = review.reviewerId;
    let assigned = false;
    if (request.action === 'claim') {
      reviewerId = request.user.id;
      assigned = true;
    } else if (request.action === 'hand_back') {
      const candidates = await listReviewerCandidates(tx, minReviewerLevel(review.priority), review.authorId, { exclude: [request.user.id] });
      const next = pickReviewer({ authorId: review.authorId, priority: review.priority, exclude: [request.user.id] }, candidates);
      reviewerId = next?.id ?? null;
      assigned = next !== null;
      if (next) events.push(await appendReviewEvent(tx, review.id, { ...base, kind: 'assigned', fromStatus: outcome.to, toStatus: outcome.to, note: assignedNote(next.username, 'automatic') }));
    }
    const updated = await updateReview(tx, review.id, { status: outcome.to, reviewerId, at: request.at, assigned });
    return { kind: 'done', review: updated, viewer, before: review, events };
  });
}
