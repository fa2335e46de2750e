/**
 * Typed queries on `review_requests`. The server decides (server/src/reviews/); these
 * read and write. A transition locks its row first (`lockReview`, inside the
 * transaction that also appends its event), so two transitions of one request are
 * serialized and the second sees the first's outcome. Times are epoch milliseconds
 * (timestamptz(3): exact).
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
const STATUSES = ['pending', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;
export type ReviewPriorityValue = (typeof PRIORITIES)[number];
export type ReviewStatusValue = (typeof STATUSES)[number];

/** Open: the statuses in which a request is still someone's work. */
export const OPEN_REVIEW_STATUSES: readonly ReviewStatusValue[] = ['pending', 'in_review', 'changes_requested'];

export const reviewRow = z.object({
  id: z.string(),
  workspaceId: z.string(),
  authorId: z.string(),
  authorUsername: z.string(),
  reviewerId: z.string().nullable(),
  reviewerUsername: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  priority: z.enum(PRIORITIES),
  status: z.enum(STATUSES),
  createdAt: z.number(),
  updatedAt: z.number(),
  lastAssignedAt: z.number().nullable(),
});
export type ReviewRow = z.infer<typeof reviewRow>;

/** Every column of `reviewRow`, from `review_requests r` with its author `a` and reviewer `v`. */
export const SELECT_REVIEW = sql.fragment`
  SELECT r.id, r.workspace_id AS "workspaceId", r.author_id AS "authorId", a.username AS "authorUsername",
         r.reviewer_id AS "reviewerId", v.username AS "reviewerUsername", r.title, r.description,
         r.priority, r.status, r.created_at AS "createdAt", r.updated_at AS "updatedAt", r.last_assigned_at AS "lastAssignedAt"
  FROM review_requests r
  JOIN users a ON a.id = r.author_id
  LEFT JOIN users v ON v.id = r.reviewer_id`;

export interface NewReview {
  workspaceId: string;
  authorId: string;
  reviewerId: string | null;
  title: string;
  description: string;
  priority: ReviewPriorityValue;
  /** ms since the epoch: the submission's time (and the assignment's, when assigned). */
  at: number;
}

export async function insertReview(db: CommonQueryMethods, review: NewReview): Promise<ReviewRow> {
  const at = new Date(review.at).toISOString();
  const id = await db.oneFirst(sql.type(z.object({ id: z.string() }))`
    INSERT INTO review_requests (workspace_id, author_id, reviewer_id, title, description, priority, created_at, updated_at, last_assigned_at)
    VALUES (${review.workspaceId}, ${review.authorId}, ${review.reviewerId}, ${review.title}, ${review.description},
            ${review.priority}::review_priority, ${at}, ${at}, ${review.reviewerId === null ? null : at})
    RETURNING id`);
  if (review.reviewerId !== null) await markAssigned(db, review.reviewerId, at);
  return (await findReview(db, id))!;
}

/** The user was just assigned a review: what "least recently assigned" reads. */
async function markAssigned(db: CommonQueryMethods, userId: string, at: string): Promise<void> {
  await db.query(sql.unsafe`UPDATE users SET last_assigned_at = ${at} WHERE id = ${userId}`);
}

export async function findReview(db: CommonQueryMethods, id: string): Promise<ReviewRow | null> {
  return db.maybeOne(sql.type(reviewRow)`${SELECT_REVIEW} WHERE r.id = ${id}`);
}

/** The row, locked until the transaction ends (call inside one). */
export async function lockReview(db: CommonQueryMethods, id: string): Promise<ReviewRow | null> {
  return db.maybeOne(sql.type(reviewRow)`${SELECT_REVIEW} WHERE r.id = ${id} FOR UPDATE OF r`);
}

export interface ReviewChange {
  status: ReviewStatusValue;
  reviewerId: string | null;
  /** ms since the epoch. */
  at: number;
  /** Whether `reviewerId` is newly assigned (sets last_assigned_at). */
  assigned: boolean;
}

export async function updateReview(db: CommonQueryMethods, id: string, change: ReviewChange): Promise<ReviewRow> {
  const at = new Date(change.at).toISOString();
  await db.query(sql.unsafe`
    UPDATE review_requests
    SET status = ${change.status}::review_status, reviewer_id = ${change.reviewerId}, updated_at = ${at},
        last_assigned_at = CASE WHEN ${change.assigned} THEN ${at}::timestamptz ELSE last_assigned_at END
    WHERE id = ${id}`);
  if (change.assigned && change.reviewerId !== null) await markAssigned(db, change.reviewerId, at);
  return (await findReview(db, id))!;
}

const candidateRow = z.object({ id: z.string(), username: z.string(), level: z.number(), openReviews: z.number(), lastAssignedAt: z.number().nullable() });
export type ReviewerCandidateRow = z.infer<typeof candidateRow>;

export interface CandidateOptions {
  /** Nobody of these either (the reviewer handing a request back). */
  exclude?: readonly string[];
  /** At most this many, the likeliest first (the assignment's own order). */
  limit?: number;
}

/**
 * Reviewers of `minLevel` or more but the author (and `exclude`), with their open
 * reviews and when they were last assigned one, in automatic assignment's order (fewest
 * open, least recently assigned, smallest id; assignment.ts decides, from these): the
 * first few are all it needs. Open reviews come from migration 009's partial index, the
 * last assignment from `users.last_assigned_at`.
 */
export async function listReviewerCandidates(db: CommonQueryMethods, minLevel: number, authorId: string, options: CandidateOptions = {}): Promise<readonly ReviewerCandidateRow[]> {
  const exclude = [authorId, ...(options.exclude ?? [])];
  return db.any(sql.type(candidateRow)`
    SELECT u.id, u.username, u.reviewer_level AS level, coalesce(o.open, 0)::int AS "openReviews", u.last_assigned_at AS "lastAssignedAt"
    FROM users u
    LEFT JOIN (
      SELECT reviewer_id, count(*) AS open FROM review_requests
      WHERE status IN ('pending', 'in_review', 'changes_requested') AND reviewer_id IS NOT NULL
      GROUP BY reviewer_id
    ) o ON o.reviewer_id = u.id
    WHERE u.reviewer_level >= ${minLevel} AND u.id <> ALL(${sql.array(exclude, 'uuid')})
    ORDER BY coalesce(o.open, 0), u.last_assigned_at NULLS FIRST, u.id
    LIMIT ${options.limit ?? 8}`);
}
