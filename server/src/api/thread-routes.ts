/**
 * Comment threads (issue 11): list, start, read, resolve/reopen/re-attach and delete a
 * thread; the comment and draft routes are registered from here too (comment-routes.ts,
 * draft-routes.ts), so routes.ts holds one line for all of them.
 *
 * Who may is the policy's (`comments.read`: every role; `comments.write`: owner, editor
 * and an assigned reviewer) and then threads/thread-rules.ts. Strangers get 404
 * `workspace_not_found`, a thread of another workspace 404 `thread_not_found`. Every write
 * commits with its NOTIFY on the thread channel (threads/thread-feed.ts pushes it on
 * `/ws`) and, for a new comment, its notifications.
 */
import {
  countThreads,
  deleteDraft,
  deleteThread,
  findReview,
  findThread,
  inTransaction,
  insertComment,
  insertThread,
  insertThreadEvent,
  listThreads,
  lockWorkspaceThreads,
  setThreadAnchor,
  setThreadResolved,
  type ThreadRow,
} from '@tandem/persistence';
import { MAX_THREADS_PER_WORKSPACE, createThreadBodySchema, threadListQuerySchema, updateThreadBodySchema, type ThreadEnvelope, type ThreadList } from '@tandem/protocol';
import type { Anchor } from '@tandem/anchors';
import { isMemberRole } from '../auth/policy';
import type { ServerContext } from '../context';
import { badRequest, conflict, HttpError, notFound } from '../http/errors';
import type { Router } from '../http/router';
import { maySee } from '../reviews/review-roles';
import { anchorAtQuote, anchorFromRange } from '../threads/anchor-from-range';
import { notifyOfComment } from '../threads/comment-notifier';
import { loadThread, loadThreads } from '../threads/thread-loader';
import { mayDeleteThread, mayResolve } from '../threads/thread-rules';
import { canonicalId } from '../workspace/names';
import { registerCommentRoutes } from './comment-routes';
import { registerDraftRoutes } from './draft-routes';
import { parseQuery } from './parse-query';
import { isUuid, requireRole } from './require-user';
import { asHttpError, threadNotFound, threadTarget } from './thread-errors';
import { announce, lockedThread } from './thread-writes';

export function registerThreadRoutes(router: Router, ctx: ServerContext): void {
  const readers = { pool: ctx.db.pool, documents: ctx.documents };

  router.get('/api/workspaces/:id/threads', async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    await requireRole(ctx, req, workspaceId, 'comments.read');
    const query = parseQuery(req, threadListQuerySchema);
    const after = query.cursor === undefined ? undefined : decodeThreadCursor(query.cursor);
    if (after === null) throw badRequest('validation_failed', 'cursor: not a cursor this server gave', { issues: [{ path: 'cursor', message: 'Invalid cursor' }] });
    const rows = await listThreads(ctx.db.pool, {
      workspaceId,
      itemId: query.itemId?.toLowerCase(),
      reviewId: query.reviewId?.toLowerCase(),
      resolved: query.resolved === undefined ? undefined : query.resolved === 'true',
      after,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeThreadCursor(last) : null;
    return { json: { threads: await loadThreads(readers, page), nextCursor } satisfies ThreadList };
  }, { summary: "List the workspace's threads with their states" });

  router.post('/api/workspaces/:id/threads', async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    const { user, role } = await requireRole(ctx, req, workspaceId, 'comments.write');
    const body = req.json(createThreadBodySchema);
    const itemId = body.itemId.toLowerCase();
    const item = await ctx.access.item(workspaceId, itemId);
    if (!item || item.type !== 'file') throw notFound('File', 'item_not_found');
    let review: { authorId: string; reviewerId: string | null } | null = null;
    if (body.reviewId) {
      const found = await findReview(ctx.db.pool, body.reviewId.toLowerCase());
      const viewer = { userId: user.id, reviewerLevel: user.reviewerLevel, isMember: isMemberRole(role) };
      if (!found || found.workspaceId !== workspaceId || !maySee(found, viewer)) throw notFound('Review', 'review_not_found');
      review = found;
    }
    const range = body.range;
    let anchor: Anchor | null = null;
    if (range) anchor = await asHttpError(() => ctx.documents.withDocument(workspaceId, itemId, (live) => anchorFromRange(live, range)));
    const at = Date.now();
    const threadId = await inTransaction(ctx.db.pool, async (tx) => {
      await lockWorkspaceThreads(tx, workspaceId);
      if ((await countThreads(tx, workspaceId)) >= MAX_THREADS_PER_WORKSPACE) {
        throw conflict('thread_limit', `A workspace holds at most ${MAX_THREADS_PER_WORKSPACE} threads: delete some first`);
      }
      const id = await insertThread(tx, { workspaceId, itemId, path: item.path, reviewId: body.reviewId?.toLowerCase() ?? null, authorId: user.id, anchor, at });
      const commentId = await insertComment(tx, { threadId: id, authorId: user.id, body: body.body, suggestion: body.suggestion ?? null, at });
      if (body.draftKey) await deleteDraft(tx, user.id, workspaceId, body.draftKey);
      await notifyOfComment(tx, ctx.access, {
        kind: 'thread', workspaceId, threadId: id, commentId, reviewId: body.reviewId?.toLowerCase() ?? null, body: body.body, actorId: user.id,
        threadAuthorId: user.id, earlierCommenterIds: [], review, at,
      });
      await announce(tx, 'thread', workspaceId, id);
      return id;
    });
    return { status: 201, json: { thread: await loadThread(readers, (await findThread(ctx.db.pool, workspaceId, threadId))!) } satisfies ThreadEnvelope };
  }, { summary: 'Start a thread' });

  router.get('/api/workspaces/:id/threads/:threadId', async (req) => {
    const { workspaceId, threadId } = await threadTarget(ctx, req, 'comments.read');
    const row = await findThread(ctx.db.pool, workspaceId, threadId);
    if (!row) throw threadNotFound();
    return { json: { thread: await loadThread(readers, row) } satisfies ThreadEnvelope };
  }, { summary: 'A thread' });

  router.patch('/api/workspaces/:id/threads/:threadId', async (req) => {
    const { workspaceId, threadId, user, role } = await threadTarget(ctx, req, 'comments.write');
    const body = req.json(updateThreadBodySchema);
    const at = Date.now();
    if ('resolved' in body) {
      await inTransaction(ctx.db.pool, async (tx) => {
        const row = await lockedThread(tx, workspaceId, threadId);
        const reviewerId = row.reviewId ? ((await findReview(tx, row.reviewId))?.reviewerId ?? null) : null;
        if (!mayResolve({ authorId: row.authorId, reviewerId }, { userId: user.id, role })) {
          throw new HttpError(403, 'not_thread_author', "Only the thread's author, its review's reviewer or the workspace owner may resolve or reopen it");
        }
        if ((row.resolvedAt !== null) === body.resolved) return; // already so: nothing happened, nothing to audit
        await setThreadResolved(tx, threadId, body.resolved ? user.id : null, at);
        await insertThreadEvent(tx, { threadId, actorId: user.id, kind: body.resolved ? 'resolved' : 'reopened', at });
        await announce(tx, 'thread', workspaceId, threadId);
      });
    } else {
      const before = await findThread(ctx.db.pool, workspaceId, threadId);
      if (!before) throw threadNotFound();
      if (!before.itemExists) throw conflict('quote_not_found', `${before.path} is gone: the thread stays on the whole file`);
      const anchor = await asHttpError(() =>
        ctx.documents.withDocument(workspaceId, before.itemId, (live) => ('range' in body ? anchorFromRange(live, body.range) : anchorAtQuote(live, { ...before, startLine: before.startLine ?? 1 }))),
      );
      await inTransaction(ctx.db.pool, async (tx) => {
        const row = await lockedThread(tx, workspaceId, threadId);
        await setThreadAnchor(tx, threadId, anchor, at);
        await insertThreadEvent(tx, {
          threadId, actorId: user.id, kind: 'reattached', at,
          oldAnchor: row.anchorStart && row.anchorEnd ? { start: row.anchorStart, end: row.anchorEnd } : null,
          newAnchor: anchor,
          data: { how: 'range' in body ? 'range' : 'quote', oldQuote: row.quote, newQuote: anchor.quote, oldStartLine: row.startLine, newStartLine: anchor.startLine },
        });
        await announce(tx, 'thread', workspaceId, threadId);
      });
    }
    return { json: { thread: await loadThread(readers, (await findThread(ctx.db.pool, workspaceId, threadId)) ?? throwNotFound()) } satisfies ThreadEnvelope };
  }, { summary: 'Resolve, reopen or re-attach a thread' });

  router.delete('/api/workspaces/:id/threads/:threadId', async (req) => {
    const { workspaceId, threadId, user, role } = await threadTarget(ctx, req, 'comments.write');
    await inTransaction(ctx.db.pool, async (tx) => {
      const row = await lockedThread(tx, workspaceId, threadId);
      if (!mayDeleteThread({ authorId: row.authorId, reviewerId: null }, { userId: user.id, role })) {
        throw new HttpError(403, 'not_thread_author', "Only the thread's author or the workspace owner may delete it");
      }
      await deleteThread(tx, threadId);
      await announce(tx, 'deleted', workspaceId, threadId);
    });
    return { status: 204 };
  }, { summary: 'Delete a thread' });

  registerCommentRoutes(router, ctx);
  registerDraftRoutes(router, ctx);
}

function throwNotFound(): never {
  throw threadNotFound();
}

/** Keyset cursor: the (createdAt, id) of the last thread of the page, base64url. */
function encodeThreadCursor(row: Pick<ThreadRow, 'createdAt' | 'id'>): string {
  return Buffer.from(`${row.createdAt}:${row.id}`, 'utf8').toString('base64url');
}

function decodeThreadCursor(cursor: string): { createdAt: number; id: string } | null {
  const m = /^(\d{1,15}):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m && isUuid(m[2]!) ? { createdAt: Number(m[1]), id: m[2]! } : null;
}
