/**
 * GET /api/reviewers: the reviewer directory, how authors choose a reviewer by name, so
 * any signed-in user may read it. Reviewers (level 1 or more; exactly `level` when
 * given) by username, `q` a literal part of it, a page at a time.
 *
 * Each row's figures, from the audit trail (the query is
 * persistence/src/queries/reviewer-directory.ts):
 * - openReviews: requests assigned to them now and still open, whenever assigned.
 * - An assignment is an `assigned` or `claimed` event; the response to it is the first
 *   `started`, verdict (`changes_requested`, `approved`, `rejected`) or `handed_back`
 *   after it (before the request's next assignment). Only the assigned reviewer can
 *   take those, so the response's actor is the assignee.
 * - medianFirstResponseMs: assignment → that response; medianVerdictMs: assignment →
 *   the first verdict after it; completedReviews: requests they approved or rejected.
 *   These three count what was given in the last 90 days; null: nothing to take a
 *   median of.
 */
import { listReviewerDirectory } from '@tandem/persistence';
import { reviewerListQuerySchema, type ReviewerList } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { badRequest } from '../http/errors';
import type { Router } from '../http/router';
import { decodeReviewerCursor, encodeReviewerCursor } from '../reviews/reviewer-cursor';
import { parseQuery } from './parse-query';
import { requireUser } from './require-user';

/** The window of the directory's figures. */
export const REVIEWER_FIGURES_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

export function registerReviewerRoutes(router: Router, ctx: ServerContext): void {
  router.get('/api/reviewers', async (req) => {
    await requireUser(ctx, req);
    const query = parseQuery(req, reviewerListQuerySchema);
    const after = query.cursor === undefined ? undefined : decodeReviewerCursor(query.cursor);
    if (after === null) throw badRequest('validation_failed', 'cursor: not a cursor this server gave', { issues: [{ path: 'cursor', message: 'Invalid cursor' }] });
    const rows = await listReviewerDirectory(ctx.db.pool, {
      level: query.level,
      q: query.q,
      afterUsername: after,
      // One more than the page: whether there is a next one.
      limit: query.limit + 1,
      since: Date.now() - REVIEWER_FIGURES_WINDOW_MS,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeReviewerCursor(last.username) : null;
    return { json: { reviewers: page, nextCursor } satisfies ReviewerList };
  }, { summary: 'The reviewer directory' });
}
