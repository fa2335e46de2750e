/**
 * The dashboard list: one user's review requests by priority (urgent first), then age
 * (oldest first), then id, a page at a time with a keyset cursor over those three; and
 * the counts of open requests under each of its tabs. Each list reads its rows in
 * that order from an index of migration 007 (by author, reviewer, workspace, or the
 * partial index of the queue) and stops at the page's end.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { reviewRow, SELECT_REVIEW, type ReviewPriorityValue, type ReviewStatusValue } from './reviews';

export interface ReviewListFilter {
  userId: string;
  /**
   * author: submitted by the user; reviewer: assigned to them; queue: unassigned pending
   * of `queuePriorities`, not theirs; unset: author or reviewer (with `workspace` of
   * which they are a member: every request of it).
   */
  role?: 'author' | 'reviewer' | 'queue';
  /** The priorities the user may claim (their level's), for the queue. */
  queuePriorities: readonly ReviewPriorityValue[];
  /** Only this workspace's requests. `member`: the user is one, so they may see all of them. */
  workspace?: { id: string; member: boolean };
  status?: ReviewStatusValue;
  priority?: ReviewPriorityValue;
  q?: string;
  /** The last row of the page before. */
  after?: { priority: ReviewPriorityValue; createdAt: number; id: string };
  limit: number;
}

/**
 * A listed request, whether the user is a member of its workspace (what `maySee` and the
 * actions need), and its latest verdict (event, kind, time; null before the first).
 */
export const listedReviewRow = reviewRow.extend({
  viewerIsMember: z.boolean(),
  verdictEventId: z.string().nullable(),
  verdictKind: z.enum(['changes_requested', 'approved', 'rejected']).nullable(),
  verdictAt: z.number().nullable(),
});
export type ListedReviewRow = z.infer<typeof listedReviewRow>;

export async function listReviews(db: CommonQueryMethods, filter: ReviewListFilter): Promise<readonly ListedReviewRow[]> {
  const conditions = [...whose(filter)];
  if (filter.status) conditions.push(sql.fragment`r.status = ${filter.status}::review_status`);
  if (filter.priority) conditions.push(sql.fragment`r.priority = ${filter.priority}::review_priority`);
  if (filter.q) conditions.push(sql.fragment`r.title ILIKE ${`%${escapeLike(filter.q)}%`}`);
  if (filter.after) {
    const { priority, createdAt, id } = filter.after;
    const at = new Date(createdAt).toISOString();
    conditions.push(sql.fragment`(r.priority < ${priority}::review_priority
      OR (r.priority = ${priority}::review_priority AND (r.created_at, r.id) > (${at}::timestamptz, ${id}::uuid)))`);
  }
  // Membership of the page's workspaces (owner, editor or viewer; not the reviewer grant)
  // and each request's latest verdict in the same statement: a page may span 50
  // workspaces, and a query for each (or one more round trip) costs more than the list.
  return db.any(sql.type(listedReviewRow)`
    SELECT page.*,
           (w.owner_id = ${filter.userId}
            OR EXISTS (SELECT 1 FROM workspace_members m WHERE m.workspace_id = page."workspaceId" AND m.user_id = ${filter.userId})) AS "viewerIsMember",
           v.id AS "verdictEventId", v.kind AS "verdictKind", v.created_at AS "verdictAt"
    FROM (
      ${SELECT_REVIEW}
      WHERE ${sql.join(conditions, sql.fragment` AND `)}
      ORDER BY r.priority DESC, r.created_at, r.id
      LIMIT ${filter.limit}
    ) page
    JOIN workspaces w ON w.id = page."workspaceId"
    LEFT JOIN LATERAL (
      SELECT e.id, e.kind::text AS kind, e.created_at FROM review_events e
      WHERE e.review_id = page.id AND e.kind IN ('changes_requested', 'approved', 'rejected')
      ORDER BY e.seq DESC LIMIT 1
    ) v ON true
    ORDER BY page.priority DESC, page."createdAt", page.id`);
}

/** Who the rows are to the user: the role's condition, and the workspace's when given. */
function whose(filter: ReviewListFilter) {
  const { userId, workspace } = filter;
  const inWorkspace = workspace ? [sql.fragment`r.workspace_id = ${workspace.id}`] : [];
  switch (filter.role) {
    case 'author':
      return [sql.fragment`r.author_id = ${userId}`, ...inWorkspace];
    case 'reviewer':
      return [sql.fragment`r.reviewer_id = ${userId}`, ...inWorkspace];
    case 'queue':
      return [queued(userId, filter.queuePriorities), ...inWorkspace];
    default:
      // A member sees every request of the workspace (review-roles.ts `maySee`).
      if (workspace?.member) return inWorkspace;
      return [sql.fragment`(r.author_id = ${userId} OR r.reviewer_id = ${userId})`, ...inWorkspace];
  }
}

/** Written as the queue index's predicate (`reviewer_id IS NULL AND status = 'pending'`), so the planner can use it. */
function queued(userId: string, priorities: readonly ReviewPriorityValue[]) {
  return sql.fragment`r.reviewer_id IS NULL AND r.status = 'pending' AND r.author_id <> ${userId}
    AND r.priority = ANY(${sql.array([...priorities], 'text')}::review_priority[])`;
}

const countsRow = z.object({ author: z.number(), reviewer: z.number(), queue: z.number() });
export type ReviewTabCountsRow = z.infer<typeof countsRow>;

/**
 * The open requests under each dashboard tab (author, reviewer, queue), whatever the
 * page's other filters; within `workspaceId` when given. Three index-only counts.
 */
export async function countOpenReviews(
  db: CommonQueryMethods,
  who: { userId: string; queuePriorities: readonly ReviewPriorityValue[]; workspaceId?: string },
): Promise<ReviewTabCountsRow> {
  const inWorkspace = who.workspaceId ? sql.fragment`AND r.workspace_id = ${who.workspaceId}` : sql.fragment``;
  const open = sql.fragment`r.status IN ('pending', 'in_review', 'changes_requested')`;
  return db.one(sql.type(countsRow)`
    SELECT
      (SELECT count(*) FROM review_requests r WHERE r.author_id = ${who.userId} AND ${open} ${inWorkspace})::int AS author,
      (SELECT count(*) FROM review_requests r WHERE r.reviewer_id = ${who.userId} AND ${open} ${inWorkspace})::int AS reviewer,
      (SELECT count(*) FROM review_requests r WHERE ${queued(who.userId, who.queuePriorities)} ${inWorkspace})::int AS queue`);
}

/** `text` matched literally by LIKE/ILIKE (whose default escape character is the backslash). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

