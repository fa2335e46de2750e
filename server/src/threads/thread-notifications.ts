/**
 * Who hears of a new comment, and as what (part 1's inbox). Pure: the comment's facts
 * in, one notification per recipient out.
 *
 * - `comment_mention`: each `@username` of the body who may read the workspace (the
 *   caller filters: a mention is no way to reach outsiders).
 * - `comment_reply`: on a reply, the thread's author and everyone who commented before.
 * - `review_thread`: on a new thread of a review, the review's author and its reviewer.
 * - An edit tells only the people it newly mentions (the caller passes those): the
 *   thread's participants heard of the comment when it was posted.
 *
 * One notification per recipient and comment, the most specific kind winning (a
 * mention over a reply over a review thread). Nobody is told of their own comment.
 */
import type { NotificationKind } from '@tandem/protocol';

export interface CommentFacts {
  /** A new thread (its opening comment), a reply, or an edit of a comment. */
  kind: 'thread' | 'reply' | 'edit';
  actorId: string;
  threadAuthorId: string | null;
  /** Authors of the thread's comments before this one (replies). */
  earlierCommenterIds: readonly (string | null)[];
  review: { authorId: string; reviewerId: string | null } | null;
  /** Mentioned users who may read the workspace. */
  mentionedIds: readonly string[];
}

export interface PlannedCommentNotification {
  userId: string;
  kind: Extract<NotificationKind, 'comment_mention' | 'comment_reply' | 'review_thread'>;
}

export function commentNotifications(facts: CommentFacts): PlannedCommentNotification[] {
  const planned = new Map<string, PlannedCommentNotification['kind']>();
  const add = (userId: string | null, kind: PlannedCommentNotification['kind']) => {
    if (userId === null || userId === facts.actorId || planned.has(userId)) return;
    planned.set(userId, kind);
  };
  for (const id of facts.mentionedIds) add(id, 'comment_mention');
  if (facts.kind === 'reply') {
    add(facts.threadAuthorId, 'comment_reply');
    for (const id of facts.earlierCommenterIds) add(id, 'comment_reply');
  }
  if (facts.kind === 'thread' && facts.review) {
    add(facts.review.authorId, 'review_thread');
    add(facts.review.reviewerId, 'review_thread');
  }
  return [...planned].map(([userId, kind]) => ({ userId, kind }));
}
