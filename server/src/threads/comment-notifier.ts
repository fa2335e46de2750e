/**
 * Writes the notifications of a new or edited comment (thread-notifications.ts decides who hears
 * of it as what) inside the comment's own transaction: the comment and its
 * notifications commit together, and each notification's NOTIFY is sent by the same
 * statement (part 1's insertNotifications), so the inbox is live on every replica.
 */
import { findUserIdsByUsernames, insertNotifications, type Transaction } from '@tandem/persistence';
import { NOTIFICATIONS_KEPT_PER_USER } from '@tandem/protocol';
import type { Access } from '../context';
import { mentionedUsernames, newlyMentionedUsernames } from './mentions';
import { commentNotifications, type CommentFacts } from './thread-notifications';

export interface NewCommentNotice extends Omit<CommentFacts, 'mentionedIds'> {
  workspaceId: string;
  threadId: string;
  commentId: string;
  reviewId: string | null;
  body: string;
  /** On an edit, the body before it: only names new to the body are mentions worth telling. */
  previousBody?: string;
  at: number;
}

export async function notifyOfComment(tx: Transaction, access: Pick<Access, 'roleFor'>, notice: NewCommentNotice): Promise<void> {
  const usernames = notice.previousBody === undefined ? mentionedUsernames(notice.body) : newlyMentionedUsernames(notice.previousBody, notice.body);
  const named = usernames.length === 0 ? [] : await findUserIdsByUsernames(tx, usernames);
  // Only users who may read the workspace: a mention is no way to reach outsiders.
  const roles = await Promise.all(named.map((u) => access.roleFor(notice.workspaceId, u.id)));
  const mentionedIds = named.filter((_, i) => roles[i] !== null).map((u) => u.id);
  const planned = commentNotifications({ ...notice, mentionedIds });
  if (planned.length === 0) return;
  const data = { workspaceId: notice.workspaceId, threadId: notice.threadId, commentId: notice.commentId };
  await insertNotifications(
    tx,
    planned.map((p) => ({ userId: p.userId, kind: p.kind, reviewId: notice.reviewId, actorId: notice.actorId, eventId: null, data, at: notice.at })),
    NOTIFICATIONS_KEPT_PER_USER,
  );
}
