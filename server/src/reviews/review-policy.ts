/**
 * Which reviewer level may take which priority. Levels are the user's own choice, 0 to 4
 * (0: not a reviewer; 1 basic, 2 intermediate, 3 advanced, 4 expert); a priority needs at
 * least its level here, for automatic assignment, a reviewer chosen by name, and a claim
 * from the queue. Stepping down later does not drop an assigned review: it stays until
 * handed back.
 *
 * | priority | lowest level |
 * | --- | --- |
 * | low | 1 |
 * | medium | 1 |
 * | high | 2 |
 * | urgent | 3 |
 */
import { MIN_REVIEWER_LEVEL, type ReviewPriority } from '@tandem/protocol';

export { MIN_REVIEWER_LEVEL };

export const MAX_REVIEWER_LEVEL = 4;

export function minReviewerLevel(priority: ReviewPriority): number {
  return MIN_REVIEWER_LEVEL[priority];
}

export function mayReview(level: number, priority: ReviewPriority): boolean {
  return level >= minReviewerLevel(priority);
}

/** The priorities a reviewer of `level` may take (what their queue shows). */
export function prioritiesFor(level: number): ReviewPriority[] {
  return (Object.keys(MIN_REVIEWER_LEVEL) as ReviewPriority[]).filter((p) => mayReview(level, p));
}
