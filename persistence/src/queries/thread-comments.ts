/**
 * Typed queries on `thread_comments` (migration 008): a thread's comments, oldest first
 * (the first is the opening comment). A deleted comment keeps its row, its text cleared.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

const iso = (ms: number) => new Date(ms).toISOString();

export const commentRow = z.object({
  id: z.string(),
  threadId: z.string(),
  authorId: z.string().nullable(),
  authorUsername: z.string().nullable(),
  body: z.string(),
  suggestion: z.string().nullable(),
  createdAt: z.number(),
  editedAt: z.number().nullable(),
  deletedAt: z.number().nullable(),
  appliedAt: z.number().nullable(),
  appliedById: z.string().nullable(),
  appliedByUsername: z.string().nullable(),
});
export type CommentRow = z.infer<typeof commentRow>;

const SELECT_COMMENT = sql.fragment`
  SELECT c.id, c.thread_id AS "threadId", c.author_id AS "authorId", a.username AS "authorUsername", c.body, c.suggestion,
         c.created_at AS "createdAt", c.edited_at AS "editedAt", c.deleted_at AS "deletedAt",
         c.applied_at AS "appliedAt", c.applied_by AS "appliedById", ab.username AS "appliedByUsername"
  FROM thread_comments c
  LEFT JOIN users a ON a.id = c.author_id
  LEFT JOIN users ab ON ab.id = c.applied_by`;

export interface NewComment {
  threadId: string;
  authorId: string;
  body: string;
  suggestion: string | null;
  at: number;
}

export async function insertComment(db: CommonQueryMethods, c: NewComment): Promise<string> {
  return db.oneFirst(sql.type(z.object({ id: z.string() }))`
    INSERT INTO thread_comments (thread_id, author_id, body, suggestion, created_at)
    VALUES (${c.threadId}, ${c.authorId}, ${c.body}, ${c.suggestion}, ${iso(c.at)}) RETURNING id`);
}

/** Every comment of these threads, each thread's oldest first (the first is the opening comment). */
export async function listComments(db: CommonQueryMethods, threadIds: readonly string[]): Promise<readonly CommentRow[]> {
  if (threadIds.length === 0) return [];
  return db.any(sql.type(commentRow)`
    ${SELECT_COMMENT} WHERE c.thread_id = ANY(${sql.array([...threadIds], 'uuid')}) ORDER BY c.thread_id, c.created_at, c.id`);
}

export async function findComment(db: CommonQueryMethods, threadId: string, commentId: string): Promise<CommentRow | null> {
  return db.maybeOne(sql.type(commentRow)`${SELECT_COMMENT} WHERE c.id = ${commentId} AND c.thread_id = ${threadId}`);
}

export async function countComments(db: CommonQueryMethods, threadId: string): Promise<number> {
  return db.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM thread_comments WHERE thread_id = ${threadId}`);
}

export async function editComment(db: CommonQueryMethods, commentId: string, body: string, suggestion: string | null, at: number): Promise<void> {
  await db.query(sql.unsafe`UPDATE thread_comments SET body = ${body}, suggestion = ${suggestion}, edited_at = ${iso(at)} WHERE id = ${commentId}`);
}

/** Keeps the comment as "deleted": its place in the thread stays, its text goes. */
export async function markCommentDeleted(db: CommonQueryMethods, commentId: string, at: number): Promise<void> {
  await db.query(sql.unsafe`UPDATE thread_comments SET body = '', suggestion = NULL, deleted_at = ${iso(at)} WHERE id = ${commentId}`);
}

export async function markSuggestionApplied(db: CommonQueryMethods, commentId: string, by: string, at: number): Promise<void> {
  await db.query(sql.unsafe`UPDATE thread_comments SET applied_at = ${iso(at)}, applied_by = ${by} WHERE id = ${commentId}`);
}
