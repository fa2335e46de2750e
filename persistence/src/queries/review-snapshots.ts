/**
 * Typed queries on the snapshots of review events (`review_snapshot_files`) and the
 * content-addressed Yjs states they point at (`review_blobs`, keyed by sha-256 of the
 * state). Write a snapshot inside the transaction that appends its event, so an event
 * never commits without it. Blobs no longer referenced are deleted by a trigger (see
 * migration 005); an insert here never deletes.
 */
import { createHash } from 'node:crypto';
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

export interface SnapshotFileInput {
  itemId: string;
  path: string;
  /** Y.encodeStateAsUpdate of the document. */
  state: Uint8Array;
  /** Y.encodeSnapshot(Y.snapshot(doc)): state vector and delete set. */
  yjsSnapshot: Uint8Array;
}

const bytes = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();

/** Stores the event's snapshot: its files, each distinct state once. */
export async function insertSnapshot(db: CommonQueryMethods, eventId: string, files: readonly SnapshotFileInput[]): Promise<void> {
  await db.query(sql.unsafe`INSERT INTO review_snapshots (event_id) VALUES (${eventId})`);
  if (files.length === 0) return;
  const hashes = files.map((f) => sha256(f.state));
  const blobs = new Map<string, { hash: Buffer; state: Buffer }>();
  files.forEach((f, i) => blobs.set(hashes[i]!.toString('hex'), { hash: hashes[i]!, state: bytes(f.state) }));
  const unique = [...blobs.values()];
  // Sorted by hash: two snapshots writing overlapping blobs lock them in one order.
  unique.sort((a, b) => Buffer.compare(a.hash, b.hash));
  // DO UPDATE (a no-op, HOT) rather than DO NOTHING: it locks the existing row until we
  // commit, so the trigger that collects unreferenced blobs (migration 005) skips it, and
  // a blob that trigger is deleting right now is waited for and inserted afresh.
  await db.query(sql.unsafe`
    INSERT INTO review_blobs (hash, state)
    SELECT * FROM unnest(${sql.array(unique.map((b) => b.hash), 'bytea')}, ${sql.array(unique.map((b) => b.state), 'bytea')})
    ON CONFLICT (hash) DO UPDATE SET hash = EXCLUDED.hash`);
  await db.query(sql.unsafe`
    INSERT INTO review_snapshot_files (event_id, item_id, path, blob_hash, yjs_snapshot)
    SELECT ${eventId}::uuid, * FROM unnest(
      ${sql.array(files.map((f) => f.itemId), 'uuid')},
      ${sql.array(files.map((f) => f.path), 'text')},
      ${sql.array(hashes, 'bytea')},
      ${sql.array(files.map((f) => bytes(f.yjsSnapshot)), 'bytea')})`);
}

const snapshotFileRow = z.object({
  itemId: z.string(),
  path: z.string(),
  blobHash: z.instanceof(Buffer),
  yjsSnapshot: z.instanceof(Buffer),
});
export type SnapshotFileRow = z.infer<typeof snapshotFileRow>;

/** The files of an event's snapshot (without their states: `loadSnapshotStates` reads those it needs). */
export async function listSnapshotFiles(db: CommonQueryMethods, eventId: string): Promise<readonly SnapshotFileRow[]> {
  return db.any(sql.type(snapshotFileRow)`
    SELECT item_id AS "itemId", path, blob_hash AS "blobHash", yjs_snapshot AS "yjsSnapshot"
    FROM review_snapshot_files WHERE event_id = ${eventId}
    ORDER BY path COLLATE "C"`);
}

/** The encoded states of these hashes, by hex hash. */
export async function loadSnapshotStates(db: CommonQueryMethods, hashes: readonly Buffer[]): Promise<Map<string, Uint8Array>> {
  if (hashes.length === 0) return new Map();
  const rows = await db.any(sql.type(z.object({ hash: z.instanceof(Buffer), state: z.instanceof(Buffer) }))`
    SELECT hash, state FROM review_blobs WHERE hash = ANY(${sql.array([...hashes], 'bytea')})`);
  return new Map(rows.map((r) => [r.hash.toString('hex'), new Uint8Array(r.state.buffer, r.state.byteOffset, r.state.byteLength)]));
}

export const SNAPSHOT_EVENT_KINDS = ['submitted', 'rerequested', 'changes_requested', 'approved', 'rejected'] as const;
export const VERDICT_EVENT_KINDS = ['changes_requested', 'approved', 'rejected'] as const;
export type VerdictKind = (typeof VERDICT_EVENT_KINDS)[number];

const snapshotEventRow = z.object({ id: z.string(), kind: z.string(), createdAt: z.number() });
export type SnapshotEventRow = z.infer<typeof snapshotEventRow>;

/**
 * The event of this review with a snapshot that `since` names: `submission` (the first
 * `submitted`), `last-verdict` (the latest verdict, else the submission) or an event id.
 * Null when there is none (an id of another review, or of an event without a snapshot).
 */
export async function findSnapshotEvent(db: CommonQueryMethods, reviewId: string, since: { eventId: string } | 'submission' | 'last-verdict'): Promise<SnapshotEventRow | null> {
  const select = sql.fragment`
    SELECT e.id, e.kind::text AS kind, e.created_at AS "createdAt" FROM review_events e
    WHERE e.review_id = ${reviewId} AND EXISTS (SELECT 1 FROM review_snapshots s WHERE s.event_id = e.id)`;
  if (typeof since === 'object') return db.maybeOne(sql.type(snapshotEventRow)`${select} AND e.id = ${since.eventId}`);
  const kinds = since === 'submission' ? ['submitted'] : [...VERDICT_EVENT_KINDS, 'submitted'];
  // A verdict is always later than the submission: the latest of both is the last verdict, or the submission.
  const order = since === 'submission' ? sql.fragment`ORDER BY e.seq` : sql.fragment`ORDER BY (e.kind = 'submitted'), e.seq DESC`;
  return db.maybeOne(sql.type(snapshotEventRow)`
    ${select} AND e.kind = ANY(${sql.array(kinds, 'text')}::review_event_kind[]) ${order} LIMIT 1`);
}

const lastVerdictRow = z.object({ reviewId: z.string(), eventId: z.string(), kind: z.enum(VERDICT_EVENT_KINDS), createdAt: z.number(), hasSnapshot: z.boolean() });
export type LastVerdictRow = z.infer<typeof lastVerdictRow>;

/** The latest verdict of each of these reviews (one statement for a page of them); reviews without one are absent. */
export async function listLastVerdicts(db: CommonQueryMethods, reviewIds: readonly string[]): Promise<readonly LastVerdictRow[]> {
  if (reviewIds.length === 0) return [];
  return db.any(sql.type(lastVerdictRow)`
    SELECT DISTINCT ON (e.review_id) e.review_id AS "reviewId", e.id AS "eventId", e.kind::text AS kind, e.created_at AS "createdAt",
           EXISTS (SELECT 1 FROM review_snapshots s WHERE s.event_id = e.id) AS "hasSnapshot"
    FROM review_events e
    WHERE e.review_id = ANY(${sql.array([...reviewIds], 'uuid')})
      AND e.kind IN ('changes_requested', 'approved', 'rejected')
    ORDER BY e.review_id, e.seq DESC`);
}
