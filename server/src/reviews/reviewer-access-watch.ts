/**
 * The reviewer grant ends with the review: when a request closes (verdict, withdrawal)
 * or changes hands (hand-back, re-assignment), its former reviewer's access to the
 * workspace is re-checked at once, exactly as a removed member's is. `membershipChanged`
 * makes the sync layer and the workspace socket ask `Access.roleFor` again: with no
 * other grant or membership left, their open `/sync` and `/ws` sockets close with 4403
 * (and a member who also reviewed keeps their member role).
 */
import type { ReviewRow } from '@tandem/persistence';
import type { ReviewChange, WorkspaceEvents } from '../events';
import { isOpen } from './review-state-machine';

/** The user whose reviewer grant this change may have ended, or null. */
export function formerReviewer(change: Pick<ReviewChange, 'before' | 'review'>): string | null {
  const before: ReviewRow | null = change.before;
  if (!before?.reviewerId || !isOpen(before.status)) return null;
  const kept = change.review.reviewerId === before.reviewerId && isOpen(change.review.status);
  return kept ? null : before.reviewerId;
}

export function watchReviewerAccess(events: WorkspaceEvents): () => void {
  return events.on('reviewChanged', (change) => {
    const userId = formerReviewer(change);
    if (userId) events.emit('membershipChanged', change.review.workspaceId, userId);
  });
}
