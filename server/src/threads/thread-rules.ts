/**
 * Who may do what to a thread beyond the policy's role check (auth/policy.ts
 * `comments.write`, `files.write`), the rest of issue 11's rules. Pure: the caller
 * reads the role, the thread and its review.
 *
 * - Resolve and reopen: the thread's author, the assigned reviewer of the thread's
 *   review, or the workspace owner.
 * - Delete a thread: its author or the owner.
 * - Edit or delete a comment: its author only (the owner moderates by deleting the thread).
 * - Re-attach: anyone who may comment (it only moves the thread onto its code again,
 *   and is audited).
 */
import type { Role } from '../auth/policy';

export interface ThreadFacts {
  authorId: string | null;
  /** The reviewer assigned to the thread's review (null: no review, or none assigned). */
  reviewerId: string | null;
}

export interface Actor {
  userId: string;
  role: Role;
}

export function mayResolve(thread: ThreadFacts, actor: Actor): boolean {
  return actor.role === 'owner' || thread.authorId === actor.userId || (thread.reviewerId !== null && thread.reviewerId === actor.userId);
}

export function mayDeleteThread(thread: ThreadFacts, actor: Actor): boolean {
  return actor.role === 'owner' || thread.authorId === actor.userId;
}

export function mayChangeComment(comment: { authorId: string | null }, actor: Actor): boolean {
  return comment.authorId !== null && comment.authorId === actor.userId;
}
