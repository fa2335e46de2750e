/**
 * Typed queries on `comment_threads` (migration 008); their comments and audit are in
 * thread-comments.ts and thread-events.ts.
 * The server decides (server/src/threads/); these read and write. A change to a thread
 * locks its row first (`lockThread`, inside the transaction that also writes its event
 * and its NOTIFY), so two changes of one thread are serialized. Times are epoch
 * milliseconds (timestamptz(3): exact). Anchors are the bytes of
 * `Y.encodeRelativePosition`, read back as Buffers.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

/** bytea, as pg reads it: a Buffer (a Uint8Array). Slonik checks the row type; it does not run transforms. */
const bytes = z.instanceof(Buffer).nullable();

export const threadRow = z.object({
  id: z.string(),
  workspaceId: z.string(),
  itemId: z.string(),
  /** The item's path now, or the one stored at creation once the item is gone. */
  path: z.string(),
  /** Whether the item is still a file of the workspace (else the thread is file-level). */
  itemExists: z.boolean(),
  reviewId: z.string().nullable(),
  authorId: z.string().nullable(),
  authorUsername: z.string().nullable(),
  anchorStart: bytes,
  anchorEnd: bytes,
  quote: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  startLine: z.number().nullable(),
  startColumn: z.number().nullable(),
  endLine: z.number().nullable(),
  endColumn: z.number().nullable(),
  resolvedAt: z.number().nullable(),
  resolvedById: z.string().nullable(),
  resolvedByUsername: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ThreadRow = z.infer<typeof threadRow>;

const SELECT_THREAD = sql.fragment`
  SELECT t.id, t.workspace_id AS "workspaceId", t.item_id AS "itemId", coalesce(i.path, t.path) AS path,
         (i.id IS NOT NULL) AS "itemExists", t.review_id AS "reviewId", t.author_id AS "authorId", a.username AS "authorUsername",
         t.anchor_start AS "anchorStart", t.anchor_end AS "anchorEnd", t.quote, t.prefix, t.suffix,
         t.start_line AS "startLine", t.start_column AS "startColumn", t.end_line AS "endLine", t.end_column AS "endColumn",
         t.resolved_at AS "resolvedAt", t.resolved_by AS "resolvedById", rb.username AS "resolvedByUsername",
         t.created_at AS "createdAt", t.updated_at AS "updatedAt"
  FROM comment_threads t
  LEFT JOIN workspace_items i ON i.id = t.item_id AND i.workspace_id = t.workspace_id AND i.type = 'file'
  LEFT JOIN users a ON a.id = t.author_id
  LEFT JOIN users rb ON rb.id = t.resolved_by`;

const iso = (ms: number) => new Date(ms).toISOString();
const bin = (b: Uint8Array | null) => (b === null ? null : sql.binary(Buffer.from(b.buffer, b.byteOffset, b.byteLength)));

/** Where a thread sits: its two encoded positions and what they covered when made; null for a whole-file thread. */
export interface StoredAnchor {
  start: Uint8Array;
  end: Uint8Array;
  quote: string;
  prefix: string;
  suffix: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface NewThread {
  workspaceId: string;
  itemId: string;
  path: string;
  reviewId: string | null;
  authorId: string;
  anchor: StoredAnchor | null;
  at: number;
}

export async function insertThread(db: CommonQueryMethods, t: NewThread): Promise<string> {
  const a = t.anchor;
  return db.oneFirst(sql.type(z.object({ id: z.string() }))`
    INSERT INTO comment_threads (workspace_id, item_id, path, review_id, author_id, anchor_start, anchor_end, quote, prefix, suffix,
                                 start_line, start_column, end_line, end_column, created_at, updated_at)
    VALUES (${t.workspaceId}, ${t.itemId}, ${t.path}, ${t.reviewId}, ${t.authorId}, ${bin(a?.start ?? null)}, ${bin(a?.end ?? null)},
            ${a?.quote ?? ''}, ${a?.prefix ?? ''}, ${a?.suffix ?? ''}, ${a?.startLine ?? null}, ${a?.startColumn ?? null},
            ${a?.endLine ?? null}, ${a?.endColumn ?? null}, ${iso(t.at)}, ${iso(t.at)})
    RETURNING id`);
}

export async function findThread(db: CommonQueryMethods, workspaceId: string, threadId: string): Promise<ThreadRow | null> {
  return db.maybeOne(sql.type(threadRow)`${SELECT_THREAD} WHERE t.id = ${threadId} AND t.workspace_id = ${workspaceId}`);
}

/** The thread, its row locked for the rest of the transaction; null if not of this workspace. */
export async function lockThread(db: CommonQueryMethods, workspaceId: string, threadId: string): Promise<ThreadRow | null> {
  return db.maybeOne(sql.type(threadRow)`${SELECT_THREAD} WHERE t.id = ${threadId} AND t.workspace_id = ${workspaceId} FOR UPDATE OF t`);
}

export interface ThreadPage {
  workspaceId: string;
  itemId?: string;
  reviewId?: string;
  resolved?: boolean;
  /** Only threads after this one (the last of the page before), in (createdAt, id) order. */
  after?: { createdAt: number; id: string };
  limit: number;
}

/** A page of a workspace's threads, oldest first (keyset on `comment_threads_workspace_idx`). */
export async function listThreads(db: CommonQueryMethods, page: ThreadPage): Promise<readonly ThreadRow[]> {
  const where = [sql.fragment`t.workspace_id = ${page.workspaceId}`];
  if (page.itemId !== undefined) where.push(sql.fragment`t.item_id = ${page.itemId}`);
  if (page.reviewId !== undefined) where.push(sql.fragment`t.review_id = ${page.reviewId}`);
  if (page.resolved !== undefined) where.push(page.resolved ? sql.fragment`t.resolved_at IS NOT NULL` : sql.fragment`t.resolved_at IS NULL`);
  if (page.after) where.push(sql.fragment`(t.created_at, t.id) > (${iso(page.after.createdAt)}::timestamptz, ${page.after.id}::uuid)`);
  return db.any(sql.type(threadRow)`
    ${SELECT_THREAD} WHERE ${sql.join(where, sql.fragment` AND `)}
    ORDER BY t.created_at, t.id LIMIT ${page.limit}`);
}

/** Serializes thread creation in one workspace, so the count checked is the count kept. */
export async function lockWorkspaceThreads(db: CommonQueryMethods, workspaceId: string): Promise<void> {
  await db.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtextextended(${`comment_threads:${workspaceId}`}, 0))`);
}

export async function countThreads(db: CommonQueryMethods, workspaceId: string): Promise<number> {
  return db.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM comment_threads WHERE workspace_id = ${workspaceId}`);
}

export async function setThreadResolved(db: CommonQueryMethods, threadId: string, by: string | null, at: number): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE comment_threads SET resolved_at = ${by === null ? null : iso(at)}, resolved_by = ${by}, updated_at = ${iso(at)} WHERE id = ${threadId}`);
}

export async function setThreadAnchor(db: CommonQueryMethods, threadId: string, a: StoredAnchor, at: number): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE comment_threads SET anchor_start = ${bin(a.start)}, anchor_end = ${bin(a.end)}, quote = ${a.quote}, prefix = ${a.prefix},
      suffix = ${a.suffix}, start_line = ${a.startLine}, start_column = ${a.startColumn}, end_line = ${a.endLine},
      end_column = ${a.endColumn}, updated_at = ${iso(at)}
    WHERE id = ${threadId}`);
}

export async function touchThread(db: CommonQueryMethods, threadId: string, at: number): Promise<void> {
  await db.query(sql.unsafe`UPDATE comment_threads SET updated_at = ${iso(at)} WHERE id = ${threadId}`);
}

export async function deleteThread(db: CommonQueryMethods, threadId: string): Promise<void> {
  await db.query(sql.unsafe`DELETE FROM comment_threads WHERE id = ${threadId}`);
}

/** Announces on `channel` (delivered when, and only if, the transaction commits). */
export async function notifyChannel(db: CommonQueryMethods, channel: string, payload: string): Promise<void> {
  await db.query(sql.unsafe`SELECT pg_notify(${channel}, ${payload})`);
}

/** The ids of these usernames (exact), for mentions. */
export async function findUserIdsByUsernames(db: CommonQueryMethods, usernames: readonly string[]): Promise<ReadonlyArray<{ id: string; username: string }>> {
  if (usernames.length === 0) return [];
  return db.any(sql.type(z.object({ id: z.string(), username: z.string() }))`
    SELECT id, username FROM users WHERE username = ANY(${sql.array([...usernames], 'text')})`);
}
