/** The reference point of a review's changes (`since` of GET /api/reviews/:id/changes). Pure. */
import type { Review } from '@tandem/protocol';

/** The submission, the last verdict, or an event id. */
export type ChangesSince = 'submission' | 'last-verdict' | (string & {});

/** Where a review's diff opens: after a verdict, only what is new since it (what the reviewer re-reads). */
export function defaultSince(review: Pick<Review, 'lastVerdict'>): ChangesSince {
  return review.lastVerdict ? 'last-verdict' : 'submission';
}
