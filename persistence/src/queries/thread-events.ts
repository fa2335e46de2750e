/**
 * Typed queries on `thread_events` (migration 008): the audit of what closed or moved a
 * thread (resolve, reopen, re-attach, a suggestion applied), with the anchors before and after.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

const iso = (ms: number) => new Date(ms).toISOString();
const bin = (b: Uint8Array | null) => (b === null ? null : sql.binary(Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
const bytes = z.instanceof(Buffer).nullable();

export type ThreadEventKind = 'resolved' | 'reopened' | 'reattached' | 'suggestion_applied';

export interface NewThreadEvent {
  threadId: string;
  actorId: string;
  kind: ThreadEventKind;
  commentId?: string | null;
  oldAnchor?: { start: Uint8Array; end: Uint8Array } | null;
  newAnchor?: { start: Uint8Array; end: Uint8Array } | null;
  data?: Record<string, unknown>;
  at: number;
}

export async function insertThreadEvent(db: CommonQueryMethods, e: NewThreadEvent): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO thread_events (thread_id, actor_id, kind, comment_id, old_start, old_end, new_start, new_end, data, created_at)
    VALUES (${e.threadId}, ${e.actorId}, ${e.kind}, ${e.commentId ?? null}, ${bin(e.oldAnchor?.start ?? null)}, ${bin(e.oldAnchor?.end ?? null)},
            ${bin(e.newAnchor?.start ?? null)}, ${bin(e.newAnchor?.end ?? null)}, ${JSON.stringify(e.data ?? {})}::jsonb, ${iso(e.at)})`);
}

export const threadEventRow = z.object({
  id: z.string(),
  threadId: z.string(),
  actorId: z.string().nullable(),
  kind: z.enum(['resolved', 'reopened', 'reattached', 'suggestion_applied']),
  commentId: z.string().nullable(),
  oldStart: bytes,
  oldEnd: bytes,
  newStart: bytes,
  newEnd: bytes,
  data: z.record(z.unknown()),
  createdAt: z.number(),
});
export type ThreadEventRow = z.infer<typeof threadEventRow>;

/** A thread's audit, oldest first. */
export async function listThreadEvents(db: CommonQueryMethods, threadId: string): Promise<readonly ThreadEventRow[]> {
  return db.any(sql.type(threadEventRow)`
    SELECT id::text AS id, thread_id AS "threadId", actor_id AS "actorId", kind, comment_id AS "commentId",
           old_start AS "oldStart", old_end AS "oldEnd", new_start AS "newStart", new_end AS "newEnd", data, created_at AS "createdAt"
    FROM thread_events WHERE thread_id = ${threadId} ORDER BY id`);
}
