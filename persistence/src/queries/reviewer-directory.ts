/**
 * The reviewer directory (GET /api/reviewers): reviewers by username, a page at a time,
 * each with their open reviews and their figures since `since`, read from the audit
 * trail (review_events):
 *
 * - An assignment is an `assigned` or `claimed` event. The reviewer's response to it is
 *   the first `started`, verdict (`changes_requested`, `approved`, `rejected`) or
 *   `handed_back` after it and before the request's next assignment; only the assigned
 *   reviewer can take those, so the response's actor is the assignee (the `assigned`
 *   event's own actor is whoever caused it: the author, or the reviewer handing back).
 * - Time to first response: assignment → that response. Time to verdict: assignment →
 *   the first verdict after it (a `changes_requested` counts; the re-request and the
 *   verdict after it do not start a new assignment).
 * - Completed: the requests the reviewer approved or rejected (final verdicts).
 * - The medians and the completed count take the responses and verdicts given since
 *   `since` (the route's 90 days); open reviews are those assigned now, whenever.
 *
 * By username, bytewise (COLLATE "C", as the indexes): one order and cursor whatever the
 * cluster's locale. The page comes first (at most `limit` users, from migration 007's
 * indexes), then only those users' rows of `review_assignments`, which a trigger keeps
 * from the events as they are appended (migration 007 says why): the pairing of
 * assignment and response above is done once, on write.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { escapeLike } from './review-list';

export interface ReviewerDirectoryFilter {
  /** Exactly this level; unset: every reviewer (level 1 or more). */
  level?: number;
  /** Part of the username, matched literally (case-insensitive). */
  q?: string;
  /** The last username of the page before. */
  afterUsername?: string;
  limit: number;
  /** ms since the epoch: the start of the figures' window. */
  since: number;
}

export const reviewerSummaryRow = z.object({
  id: z.string(),
  username: z.string(),
  level: z.number(),
  openReviews: z.number(),
  completedReviews: z.number(),
  medianFirstResponseMs: z.number().nullable(),
  medianVerdictMs: z.number().nullable(),
});
export type ReviewerSummaryRow = z.infer<typeof reviewerSummaryRow>;

export async function listReviewerDirectory(db: CommonQueryMethods, filter: ReviewerDirectoryFilter): Promise<readonly ReviewerSummaryRow[]> {
  const conditions = [filter.level === undefined ? sql.fragment`u.reviewer_level >= 1` : sql.fragment`u.reviewer_level = ${filter.level}`];
  if (filter.q) conditions.push(sql.fragment`u.username ILIKE ${`%${escapeLike(filter.q)}%`}`);
  if (filter.afterUsername !== undefined) conditions.push(sql.fragment`u.username COLLATE "C" > ${filter.afterUsername}`);
  const since = sql.fragment`${new Date(filter.since).toISOString()}::timestamptz`;
  const ms = (from: string, to: string) => sql.fragment`extract(epoch FROM ${sql.identifier(['a', to])} - ${sql.identifier(['a', from])})::float8 * 1000`;
  return db.any(sql.type(reviewerSummaryRow)`
    WITH page AS MATERIALIZED (
      SELECT u.id, u.username, u.reviewer_level AS level FROM users u
      WHERE ${sql.join(conditions, sql.fragment` AND `)}
      ORDER BY u.username COLLATE "C"
      LIMIT ${filter.limit}
    ),
    figures AS (
      SELECT a.reviewer_id,
             count(*) FILTER (WHERE a.completed_at >= ${since})::int AS completed,
             round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms('assigned_at', 'first_response_at')}) FILTER (WHERE a.first_response_at >= ${since})) AS first_response_ms,
             round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms('assigned_at', 'first_verdict_at')}) FILTER (WHERE a.first_verdict_at >= ${since})) AS verdict_ms
      FROM page
      JOIN review_assignments a ON a.reviewer_id = page.id
      -- The rows with any of their times in the window.
      WHERE a.first_response_at >= ${since} OR a.first_verdict_at >= ${since} OR a.completed_at >= ${since}
      GROUP BY a.reviewer_id
    )
    SELECT page.id, page.username, page.level,
           (SELECT count(*) FROM review_requests r
            WHERE r.reviewer_id = page.id AND r.status IN ('pending', 'in_review', 'changes_requested'))::int AS "openReviews",
           coalesce(f.completed, 0) AS "completedReviews",
           f.first_response_ms AS "medianFirstResponseMs",
           f.verdict_ms AS "medianVerdictMs"
    FROM page
    LEFT JOIN figures f ON f.reviewer_id = page.id
    ORDER BY page.username COLLATE "C"`);
}
