/**
 * The dashboard list: one user's review requests by priority (urgent first), then age
 * (oldest first), then id, a page at a time with a keyset cursor over those three.
 * `reviewer_id, status` and `status, priority, created_at` are its indexes.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { reviewRow, SELECT_REVIEW, type ReviewPriorityValue, type ReviewRow, type ReviewStatusValue } from './reviews';

export interface ReviewListFilter {
  userId: string;
  /** author: submitted by the user; reviewer: assigned to them; queue: unassigned pending of `queuePriorities`, not theirs; unset: author or reviewer. */
  role?: 'author' | 'reviewer' | 'queue';
  /** The priorities the user may claim (their level's), for the queue. */
  queuePriorities: readonly ReviewPriorityValue[];
  status?: ReviewStatusValue;
  priority?: ReviewPriorityValue;
  q?: string;
  /** The last row of the page before. */
  after?: { priority: ReviewPriorityValue; createdAt: number; id: string };
  limit: number;
}

export async function listReviews(db: CommonQueryMethods, filter: ReviewListFilter): Promise<readonly ReviewRow[]> {
  const conditions = [whose(filter)];
  if (filter.status) conditions.push(sql.fragment`r.status = ${filter.status}::review_status`);
  if (filter.priority) conditions.push(sql.fragment`r.priority = ${filter.priority}::review_priority`);
  if (filter.q) conditions.push(sql.fragment`r.title ILIKE ${`%${escapeLike(filter.q)}%`}`);
  if (filter.after) {
    const { priority, createdAt, id } = filter.after;
    const at = new Date(createdAt).toISOString();
    conditions.push(sql.fragment`(r.priority < ${priority}::review_priority
      OR (r.priority = ${priority}::review_priority AND (r.created_at, r.id) > (${at}::timestamptz, ${id}::uuid)))`);
  }
  return db.any(sql.type(reviewRow)`
    ${SELECT_REVIEW}
    WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY r.priority DESC, r.created_at, r.id
    LIMIT ${filter.limit}`);
}

function whose(filter: ReviewListFilter) {
  switch (filter.role) {
    case 'author':
      return sql.fragment`r.author_id = ${filter.userId}`;
    case 'reviewer':
      return sql.fragment`r.reviewer_id = ${filter.userId}`;
    case 'queue':
      return sql.fragment`r.reviewer_id IS NULL AND r.status = 'pending' AND r.author_id <> ${filter.userId}
        AND r.priority = ANY(${sql.array([...filter.queuePriorities], 'text')}::review_priority[])`;
    default:
      return sql.fragment`(r.author_id = ${filter.userId} OR r.reviewer_id = ${filter.userId})`;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
