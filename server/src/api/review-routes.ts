/**
 * Review requests, part 1: submit, list, read, transition, the audit trail, what
 * changed since a snapshot (the submission, a verdict). The user's own reviewer level
 * is set in me-routes.ts. Who may submit is the policy's (`review.request`: editors and the owner); who
 * may see and act on a request is the review's own rule (server/src/reviews/
 * review-roles.ts, review-state-machine.ts): anyone who may not see it gets 404
 * `review_not_found`, exactly as for a request that does not exist.
 */
import { countOpenReviews, findReview, findSnapshotEvent, listReviewEvents, listReviews } from '@tandem/persistence';
import {
  createReviewBodySchema,
  reviewChangesQuerySchema,
  reviewEventsQuerySchema,
  reviewListQuerySchema,
  transitionBodySchema,
  type ReviewChanges,
  type ReviewEnvelope,
  type ReviewEventKind,
  type ReviewEventList,
  type ReviewList,
  type ReviewVerdict,
} from '@tandem/protocol';
import { isMemberRole } from '../auth/policy';
import type { ServerContext } from '../context';
import { badRequest, conflict, HttpError, notFound } from '../http/errors';
import type { RequestContext, Router } from '../http/router';
import { applyTransition } from '../reviews/apply-transition';
import { verifyChain } from '../reviews/event-chain';
import { lastVerdict } from '../reviews/last-verdict';
import { changesSince } from '../reviews/review-changes';
import { decodeCursor, encodeCursor } from '../reviews/review-cursor';
import { reviewEventJson, reviewJson } from '../reviews/review-json';
import { prioritiesFor } from '../reviews/review-policy';
import { maySee, type Viewer } from '../reviews/review-roles';
import { submitReview } from '../reviews/submit-review';
import { canonicalId } from '../workspace/names';
import { parseQuery } from './parse-query';
import { isUuid, requireRole, requireUser } from './require-user';

const reviewNotFound = () => notFound('Review', 'review_not_found');

export function registerReviewRoutes(router: Router, ctx: ServerContext): void {
  router.post('/api/workspaces/:id/reviews', async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    const { user } = await requireRole(ctx, req, workspaceId, 'review.request');
    const body = req.json(createReviewBodySchema);
    const result = await submitReview({ pool: ctx.db.pool, documents: ctx.documents }, {
      workspaceId,
      authorId: user.id,
      title: body.title,
      description: body.description ?? '',
      priority: body.priority,
      reviewer: body.reviewer ?? null,
      at: Date.now(),
    });
    if (result.kind === 'reviewer_not_found') throw notFound(`User ${body.reviewer}`, 'reviewer_not_found');
    if (result.kind === 'own_review') throw conflict('own_review', 'You cannot review your own request');
    if (result.kind === 'not_eligible') {
      throw conflict('not_eligible', `${body.reviewer} is a level ${result.level} reviewer; a ${body.priority} request needs level ${result.needed}`);
    }
    ctx.events.emit('reviewChanged', { review: result.review, before: null, events: result.events });
    const viewer: Viewer = { userId: user.id, reviewerLevel: user.reviewerLevel, isMember: true };
    return { status: 201, json: { review: reviewJson(result.review, viewer, null) } satisfies ReviewEnvelope };
  }, { summary: 'Submit the workspace for review' });

  router.get('/api/reviews', async (req) => {
    const user = await requireUser(ctx, req);
    const query = parseQuery(req, reviewListQuerySchema);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (after === null) throw badRequest('validation_failed', 'cursor: not a cursor this server gave', { issues: [{ path: 'cursor', message: 'Invalid cursor' }] });
    const queuePriorities = prioritiesFor(user.reviewerLevel);
    const workspaceId = query.workspaceId === undefined ? undefined : canonicalId(query.workspaceId);
    // A member sees every request of the workspace; anyone else there only what is theirs (review-roles.ts `maySee`).
    const workspace = workspaceId === undefined ? undefined : { id: workspaceId, member: isMemberRole(await ctx.access.roleFor(workspaceId, user.id)) };
    const [rows, counts] = await Promise.all([
      listReviews(ctx.db.pool, {
        userId: user.id, role: query.role, status: query.status, priority: query.priority, q: query.q, queuePriorities, workspace, after, limit: query.limit + 1,
      }),
      countOpenReviews(ctx.db.pool, { userId: user.id, queuePriorities, workspaceId }),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCursor(last) : null;
    const viewer = (isMember: boolean): Viewer => ({ userId: user.id, reviewerLevel: user.reviewerLevel, isMember });
    // The latest verdict came with the row; a list leaves `stale` out (last-verdict.ts).
    const verdictOf = (row: (typeof page)[number]): ReviewVerdict | null =>
      row.verdictEventId && row.verdictKind && row.verdictAt !== null ? { eventId: row.verdictEventId, kind: row.verdictKind, at: new Date(row.verdictAt).toISOString() } : null;
    const reviews = page.map((row) => reviewJson(row, viewer(row.viewerIsMember), verdictOf(row)));
    return { json: { reviews, nextCursor, counts } satisfies ReviewList };
  }, { summary: 'List my review requests' });

  router.get('/api/reviews/:id', async (req) => {
    const { review, viewer } = await visibleReview(ctx, req);
    return { json: { review: reviewJson(review, viewer, await lastVerdict(ctx.db.pool, ctx.documents, review)) } satisfies ReviewEnvelope };
  }, { summary: 'A review request' });

  router.post('/api/reviews/:id/transitions', async (req) => {
    const user = await requireUser(ctx, req);
    const reviewId = canonicalId(req.params.id!);
    if (!isUuid(reviewId)) throw reviewNotFound();
    const body = req.json(transitionBodySchema);
    const result = await applyTransition({ pool: ctx.db.pool, documents: ctx.documents }, { reviewId, user, action: body.action, note: body.note ?? '', at: Date.now() });
    if (result.kind === 'not_found') throw reviewNotFound();
    if (result.kind === 'refused') {
      const allowed = result.allowed.length ? result.allowed.join(', ') : 'nothing';
      throw new HttpError(409, 'invalid_transition', `You may not ${body.action} a request that is ${result.status}; you may: ${allowed}`, { allowed: result.allowed });
    }
    ctx.events.emit('reviewChanged', { review: result.review, before: result.before, events: result.events });
    const verdict = await lastVerdict(ctx.db.pool, ctx.documents, result.review);
    return { json: { review: reviewJson(result.review, result.viewer, verdict) } satisfies ReviewEnvelope };
  }, { summary: 'Change the status of a review request' });

  router.get('/api/reviews/:id/changes', async (req) => {
    const { review } = await visibleReview(ctx, req);
    const { since } = parseQuery(req, reviewChangesQuerySchema);
    const named = since === 'submission' || since === 'last-verdict';
    const event = await findSnapshotEvent(ctx.db.pool, review.id, named ? since : { eventId: since.toLowerCase() });
    if (!event) throw notFound('Snapshot', 'snapshot_not_found');
    const files = await changesSince(ctx.db.pool, ctx.documents, review.workspaceId, event.id);
    const at = new Date(event.createdAt).toISOString();
    return { json: { since: { eventId: event.id, kind: event.kind as ReviewEventKind, at }, files } satisfies ReviewChanges };
  }, { summary: 'What changed since the submission, the last verdict or an event' });

  router.get('/api/reviews/:id/events', async (req) => {
    const { review } = await visibleReview(ctx, req);
    const query = parseQuery(req, reviewEventsQuerySchema);
    const rows = await listReviewEvents(ctx.db.pool, review.id);
    const verdict = query.verify === '1' ? verifyChain(rows) : null;
    return {
      json: {
        events: rows.map(reviewEventJson),
        verified: verdict ? verdict.ok : null,
        brokenAtSeq: verdict && !verdict.ok ? verdict.seq : null,
      } satisfies ReviewEventList,
    };
  }, { summary: 'The audit trail of a review request' });
}

/** The request of `:id` and who the caller is to it, or 404 `review_not_found`. */
async function visibleReview(ctx: ServerContext, req: RequestContext) {
  const user = await requireUser(ctx, req);
  const reviewId = canonicalId(req.params.id!);
  const review = isUuid(reviewId) ? await findReview(ctx.db.pool, reviewId) : null;
  if (!review) throw reviewNotFound();
  const viewer: Viewer = { userId: user.id, reviewerLevel: user.reviewerLevel, isMember: isMemberRole(await ctx.access.roleFor(review.workspaceId, user.id)) };
  if (!maySee(review, viewer)) throw reviewNotFound();
  return { review, viewer };
}
