/**
 * Automatic assignment: exactly one eligible reviewer, or nobody (the request waits in
 * the unassigned queue). Eligible: level high enough for the priority, not the author,
 * not excluded (the reviewer handing the request back). Among them the fewest open
 * reviews wins; ties go to the least recently assigned (never assigned first), then the
 * smallest id, so the answer is deterministic. Pure: the caller reads the candidates.
 */
import type { ReviewPriority } from '@tandem/protocol';
import { mayReview } from './review-policy';

export interface Candidate {
  id: string;
  level: number;
  /** Reviews assigned to them that are open (pending, in_review, changes_requested). */
  openReviews: number;
  /** When they were last assigned a review, ms since the epoch; null: never. */
  lastAssignedAt: number | null;
}

export interface AssignmentRequest {
  authorId: string;
  priority: ReviewPriority;
  /** Nobody of these (the reviewer handing it back). */
  exclude?: readonly string[];
}

export function pickReviewer<C extends Candidate>(request: AssignmentRequest, candidates: readonly C[]): C | null {
  let best: C | null = null;
  for (const candidate of candidates) {
    if (!isEligible(request, candidate)) continue;
    if (best === null || before(candidate, best)) best = candidate;
  }
  return best;
}

export function isEligible(request: AssignmentRequest, candidate: Candidate): boolean {
  return candidate.id !== request.authorId && !(request.exclude ?? []).includes(candidate.id) && mayReview(candidate.level, request.priority);
}

function before(a: Candidate, b: Candidate): boolean {
  if (a.openReviews !== b.openReviews) return a.openReviews < b.openReviews;
  const aAt = a.lastAssignedAt ?? -Infinity;
  const bAt = b.lastAssignedAt ?? -Infinity;
  if (aAt !== bAt) return aAt < bAt;
  return a.id < b.id;
}
