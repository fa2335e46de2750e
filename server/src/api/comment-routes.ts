/**
 * Comments of a thread: reply, edit and delete your own (a deleted comment stays in the
 * thread as "deleted"), and apply a comment's suggestion (threads/apply-suggestion.ts).
 * Replying needs `comments.write`; applying a suggestion changes the code, so it needs
 * `files.write`: an assigned reviewer may suggest, an editor or the owner applies.
 */
import {
  countComments,
  deleteDraft,
  editComment,
  findComment,
  findThread,
  inTransaction,
  insertComment,
  insertThreadEvent,
  listComments,
  markCommentDeleted,
  markSuggestionApplied,
  setThreadAnchor,
  touchThread,
  findReview,
} from '@tandem/persistence';
import { MAX_COMMENTS_PER_THREAD, applySuggestionBodySchema, createCommentBodySchema, editCommentBodySchema, type ThreadEnvelope } from '@tandem/protocol';
import { MAX_QUOTE_CHARS } from '@tandem/anchors';
import type { ServerContext } from '../context';
import { conflict, HttpError } from '../http/errors';
import type { RequestContext, Router } from '../http/router';
import { applySuggestion } from '../threads/apply-suggestion';
import { notifyOfComment } from '../threads/comment-notifier';
import { loadThread } from '../threads/thread-loader';
import { mayChangeComment } from '../threads/thread-rules';
import { canonicalId } from '../workspace/names';
import { isUuid } from './require-user';
import { announce, lockedThread } from './thread-writes';
import { asHttpError, commentNotFound, threadNotFound, threadTarget } from './thread-errors';

const notYours = () => new HttpError(403, 'not_comment_author', 'You may edit and delete only your own comments');

export function registerCommentRoutes(router: Router, ctx: ServerContext): void {
  const readers = { pool: ctx.db.pool, documents: ctx.documents };
  const answer = async (workspaceId: string, threadId: string, status = 200) => {
    const row = await findThread(ctx.db.pool, workspaceId, threadId);
    if (!row) throw threadNotFound();
    return { status, json: { thread: await loadThread(readers, row) } satisfies ThreadEnvelope };
  };

  router.post('/api/workspaces/:id/threads/:threadId/comments', async (req) => {
    const { workspaceId, threadId, user } = await threadTarget(ctx, req, 'comments.write');
    const body = req.json(createCommentBodySchema);
    const at = Date.now();
    await inTransaction(ctx.db.pool, async (tx) => {
      const thread = await lockedThread(tx, workspaceId, threadId);
      if ((await countComments(tx, threadId)) >= MAX_COMMENTS_PER_THREAD) {
        throw conflict('comment_limit', `A thread holds at most ${MAX_COMMENTS_PER_THREAD} comments: start another`);
      }
      const earlier = await listComments(tx, [threadId]);
      const commentId = await insertComment(tx, { threadId, authorId: user.id, body: body.body, suggestion: body.suggestion ?? null, at });
      await touchThread(tx, threadId, at);
      if (body.draftKey) await deleteDraft(tx, user.id, workspaceId, body.draftKey);
      const review = thread.reviewId ? await findReview(tx, thread.reviewId) : null;
      await notifyOfComment(tx, ctx.access, {
        kind: 'reply', workspaceId, threadId, commentId, reviewId: thread.reviewId, body: body.body, actorId: user.id,
        threadAuthorId: thread.authorId, earlierCommenterIds: earlier.map((c) => c.authorId), review, at,
      });
      await announce(tx, 'thread', workspaceId, threadId);
    });
    return answer(workspaceId, threadId, 201);
  }, { summary: 'Reply to a thread' });

  router.patch('/api/workspaces/:id/threads/:threadId/comments/:commentId', async (req) => {
    const { workspaceId, threadId, user, role } = await threadTarget(ctx, req, 'comments.write');
    const commentId = commentIdOf(req);
    const body = req.json(editCommentBodySchema);
    const at = Date.now();
    await inTransaction(ctx.db.pool, async (tx) => {
      const thread = await lockedThread(tx, workspaceId, threadId);
      const comment = await findComment(tx, threadId, commentId);
      if (!comment) throw commentNotFound();
      if (!mayChangeComment(comment, { userId: user.id, role })) throw notYours();
      if (comment.deletedAt !== null) throw conflict('comment_deleted', 'The comment was deleted');
      await editComment(tx, commentId, body.body, body.suggestion === undefined ? comment.suggestion : body.suggestion, at);
      await touchThread(tx, threadId, at);
      await notifyOfComment(tx, ctx.access, {
        kind: 'edit', workspaceId, threadId, commentId, reviewId: thread.reviewId, body: body.body, previousBody: comment.body, actorId: user.id,
        threadAuthorId: thread.authorId, earlierCommenterIds: [], review: null, at,
      });
      await announce(tx, 'thread', workspaceId, threadId);
    });
    return answer(workspaceId, threadId);
  }, { summary: 'Edit your comment' });

  router.delete('/api/workspaces/:id/threads/:threadId/comments/:commentId', async (req) => {
    const { workspaceId, threadId, user, role } = await threadTarget(ctx, req, 'comments.write');
    const commentId = commentIdOf(req);
    const at = Date.now();
    await inTransaction(ctx.db.pool, async (tx) => {
      await lockedThread(tx, workspaceId, threadId);
      const comment = await findComment(tx, threadId, commentId);
      if (!comment) throw commentNotFound();
      if (!mayChangeComment(comment, { userId: user.id, role })) throw notYours();
      if (comment.deletedAt !== null) return; // deleted already: nothing changes
      await markCommentDeleted(tx, commentId, at);
      await touchThread(tx, threadId, at);
      await announce(tx, 'thread', workspaceId, threadId);
    });
    return answer(workspaceId, threadId);
  }, { summary: 'Delete your comment' });

  router.post('/api/workspaces/:id/threads/:threadId/apply-suggestion', async (req) => {
    const { workspaceId, threadId, user } = await threadTarget(ctx, req, 'files.write');
    const body = req.json(applySuggestionBodySchema);
    const commentId = body.commentId.toLowerCase();
    const thread = await findThread(ctx.db.pool, workspaceId, threadId);
    if (!thread) throw threadNotFound();
    const comment = await findComment(ctx.db.pool, threadId, commentId);
    if (!comment) throw commentNotFound();
    if (comment.deletedAt !== null) throw conflict('comment_deleted', 'The comment was deleted');
    const suggestion = comment.suggestion;
    if (suggestion === null) throw conflict('no_suggestion', 'The comment suggests no replacement');
    const conflictError = (current: string | null) =>
      new HttpError(409, 'suggestion_conflict', current === null ? 'The code the thread was on is gone: nothing to replace' : 'The range no longer reads as quoted: choose, or apply with force', { quote: thread.quote, current, suggestion });
    if (!thread.itemExists || !thread.anchorStart) throw conflictError(null);
    const origin = { kind: 'suggestion' as const, userId: user.id, username: user.username, threadId, commentId };
    const outcome = await asHttpError(() => ctx.documents.withDocument(workspaceId, thread.itemId, (live) => applySuggestion(live, thread, suggestion, origin, body.force ?? false)));
    if (outcome.kind === 'conflict') throw conflictError(outcome.conflict.current);
    const at = Date.now();
    await inTransaction(ctx.db.pool, async (tx) => {
      const row = await lockedThread(tx, workspaceId, threadId);
      await markSuggestionApplied(tx, commentId, user.id, at);
      if (outcome.newAnchor) await setThreadAnchor(tx, threadId, outcome.newAnchor, at);
      else await touchThread(tx, threadId, at);
      await insertThreadEvent(tx, {
        threadId, actorId: user.id, kind: 'suggestion_applied', commentId, at,
        oldAnchor: row.anchorStart && row.anchorEnd ? { start: row.anchorStart, end: row.anchorEnd } : null,
        newAnchor: outcome.newAnchor,
        // The range may have grown past any limit while typed in: the audit keeps its first MAX_QUOTE_CHARS and its length.
        data: { quote: row.quote, replaced: outcome.replaced.slice(0, MAX_QUOTE_CHARS), replacedChars: outcome.replaced.length, suggestion, forced: outcome.forced },
      });
      await announce(tx, 'thread', workspaceId, threadId);
    });
    return answer(workspaceId, threadId);
  }, { summary: "Apply a comment's suggestion" });
}

function commentIdOf(req: RequestContext): string {
  const id = canonicalId(req.params.commentId!);
  if (!isUuid(id)) throw commentNotFound();
  return id;
}
