/**
 * Drafts: the comments a user is writing, saved by the IDE within a second of typing so a
 * closed tab or a crash loses nothing. Private: every query is keyed by the caller, so
 * nobody, the owner included, reads another's drafts. Posting a thread or reply with its
 * `draftKey` deletes the draft in the same transaction (thread-routes.ts, comment-routes.ts).
 */
import { deleteDraft, findThread, inTransaction, listDrafts, upsertDraft, type DraftRow } from '@tandem/persistence';
import { MAX_DRAFTS_PER_USER, draftKeySchema, putDraftBodySchema, type Draft, type DraftEnvelope, type DraftList } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { badRequest, conflict } from '../http/errors';
import type { RequestContext, Router } from '../http/router';
import { canonicalId } from '../workspace/names';
import { requireRole } from './require-user';
import { threadNotFound } from './thread-errors';

export function registerDraftRoutes(router: Router, ctx: ServerContext): void {
  router.get('/api/workspaces/:id/drafts', async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    const { user } = await requireRole(ctx, req, workspaceId, 'comments.read');
    const rows = await listDrafts(ctx.db.pool, user.id, workspaceId);
    return { json: { drafts: rows.map(draftJson) } satisfies DraftList };
  }, { summary: 'My drafts' });

  router.put('/api/workspaces/:id/drafts/:key', async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    const { user } = await requireRole(ctx, req, workspaceId, 'comments.write');
    const key = keyOf(req);
    const body = req.json(putDraftBodySchema);
    const threadId = body.threadId?.toLowerCase() ?? null;
    // A reply's thread must be of this workspace (and still exist): the row refers to it.
    if (threadId !== null && !(await findThread(ctx.db.pool, workspaceId, threadId))) throw threadNotFound();
    const result = await inTransaction(ctx.db.pool, (tx) =>
      upsertDraft(tx, {
        userId: user.id, workspaceId, key, itemId: body.itemId?.toLowerCase() ?? null, threadId,
        range: body.range ?? null, body: body.body, suggestion: body.suggestion ?? null, at: Date.now(),
      }, MAX_DRAFTS_PER_USER),
    );
    if (result.kind === 'limit') throw conflict('draft_limit', `You may keep at most ${MAX_DRAFTS_PER_USER} drafts: post or discard some`);
    return { json: { draft: draftJson(result.draft) } satisfies DraftEnvelope };
  }, { summary: 'Save a draft' });

  router.delete('/api/workspaces/:id/drafts/:key', async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    const { user } = await requireRole(ctx, req, workspaceId, 'comments.write');
    await deleteDraft(ctx.db.pool, user.id, workspaceId, keyOf(req));
    return { status: 204 };
  }, { summary: 'Discard a draft' });
}

function keyOf(req: RequestContext): string {
  const parsed = draftKeySchema.safeParse(req.params.key);
  if (!parsed.success) throw badRequest('validation_failed', 'key: 1-200 of A-Z a-z 0-9 : . _ -', { issues: [{ path: 'key', message: 'Invalid key' }] });
  return parsed.data;
}

function draftJson(row: DraftRow): Draft {
  return {
    key: row.key,
    workspaceId: row.workspaceId,
    itemId: row.itemId,
    threadId: row.threadId,
    // Validated as a ThreadRange when saved; the column holds nothing else.
    range: (row.range ?? null) as Draft['range'],
    body: row.body,
    suggestion: row.suggestion,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
