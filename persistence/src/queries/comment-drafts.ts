/**
 * Typed queries on `comment_drafts` (migration 008): the comments a user is writing,
 * private to them. Every query takes the user's id: there is no way to read another's.
 * An upsert past the per-user limit is refused under a lock of that user's drafts, so
 * the count checked is the count kept.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

export const draftRow = z.object({
  key: z.string(),
  workspaceId: z.string(),
  itemId: z.string().nullable(),
  threadId: z.string().nullable(),
  range: z.unknown().nullable(),
  body: z.string(),
  suggestion: z.string().nullable(),
  updatedAt: z.number(),
});
export type DraftRow = z.infer<typeof draftRow>;

const SELECT_DRAFT = sql.fragment`
  SELECT key, workspace_id AS "workspaceId", item_id AS "itemId", thread_id AS "threadId", range, body, suggestion, updated_at AS "updatedAt"
  FROM comment_drafts`;

export async function listDrafts(db: CommonQueryMethods, userId: string, workspaceId: string): Promise<readonly DraftRow[]> {
  return db.any(sql.type(draftRow)`${SELECT_DRAFT} WHERE user_id = ${userId} AND workspace_id = ${workspaceId} ORDER BY updated_at DESC, key`);
}

export interface DraftUpsert {
  userId: string;
  workspaceId: string;
  key: string;
  itemId: string | null;
  threadId: string | null;
  range: unknown;
  body: string;
  suggestion: string | null;
  at: number;
}

export type DraftUpsertResult = { kind: 'saved'; draft: DraftRow; created: boolean } | { kind: 'limit' };

/** Saves the draft (replacing one of the same key); refuses a new key beyond `limit` drafts of the user. Run in a transaction. */
export async function upsertDraft(db: CommonQueryMethods, d: DraftUpsert, limit: number): Promise<DraftUpsertResult> {
  await db.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtextextended(${`comment_drafts:${d.userId}`}, 0))`);
  const exists = await db.exists(sql.unsafe`SELECT 1 FROM comment_drafts WHERE user_id = ${d.userId} AND workspace_id = ${d.workspaceId} AND key = ${d.key}`);
  if (!exists) {
    const n = await db.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM comment_drafts WHERE user_id = ${d.userId}`);
    if (n >= limit) return { kind: 'limit' };
  }
  const range = d.range === null || d.range === undefined ? null : JSON.stringify(d.range);
  const draft = await db.one(sql.type(draftRow)`
    INSERT INTO comment_drafts (user_id, workspace_id, key, item_id, thread_id, range, body, suggestion, updated_at)
    VALUES (${d.userId}, ${d.workspaceId}, ${d.key}, ${d.itemId}, ${d.threadId}, ${range}::jsonb, ${d.body}, ${d.suggestion}, ${new Date(d.at).toISOString()})
    ON CONFLICT (user_id, workspace_id, key) DO UPDATE SET
      item_id = EXCLUDED.item_id, thread_id = EXCLUDED.thread_id, range = EXCLUDED.range, body = EXCLUDED.body,
      suggestion = EXCLUDED.suggestion, updated_at = EXCLUDED.updated_at
    RETURNING key, workspace_id AS "workspaceId", item_id AS "itemId", thread_id AS "threadId", range, body, suggestion, updated_at AS "updatedAt"`);
  return { kind: 'saved', draft, created: !exists };
}

/** Whether there was such a draft of the user's. */
export async function deleteDraft(db: CommonQueryMethods, userId: string, workspaceId: string, key: string): Promise<boolean> {
  const result = await db.query(sql.unsafe`DELETE FROM comment_drafts WHERE user_id = ${userId} AND workspace_id = ${workspaceId} AND key = ${key}`);
  return result.rowCount > 0;
}
