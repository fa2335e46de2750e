/**
 * Who a user is to a review request, and whether they may see it. Pure: the caller
 * reads the user's level and workspace role.
 *
 * Visible to its author, its reviewer and the workspace's members (any role); a request
 * waiting unassigned in the queue also to the reviewers eligible to claim it (the queue
 * is for them). To anyone else it does not exist: 404 `review_not_found`.
 */
import type { ReviewPriority, ReviewStatus } from '@tandem/protocol';
import { mayReview } from './review-policy';
import type { ReviewRole } from './review-state-machine';

export interface ReviewFacts {
  authorId: string;
  reviewerId: string | null;
  priority: ReviewPriority;
  status: ReviewStatus;
}

export interface Viewer {
  userId: string;
  reviewerLevel: number;
  /** Owner, editor or viewer of the review's workspace; false for anyone else. */
  isMember: boolean;
}

export function reviewRoleOf(review: ReviewFacts, viewer: Viewer): ReviewRole {
  if (viewer.userId === review.authorId) return 'author';
  if (viewer.userId === review.reviewerId) return 'reviewer';
  if (mayReview(viewer.reviewerLevel, review.priority)) return 'eligible';
  return viewer.isMember ? 'member' : 'stranger';
}

export function isQueued(review: ReviewFacts): boolean {
  return review.status === 'pending' && review.reviewerId === null;
}

export function maySee(review: ReviewFacts, viewer: Viewer): boolean {
  const role = reviewRoleOf(review, viewer);
  return role === 'author' || role === 'reviewer' || viewer.isMember || (role === 'eligible' && isQueued(review));
}
