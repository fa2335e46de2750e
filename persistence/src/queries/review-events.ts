/**
 * The audit trail of review requests, append-only (an UPDATE is refused by a trigger).
 * The hashes are computed by the server (server/src/reviews/event-chain.ts); append
 * inside the transaction that holds the request's row lock, so seqs and links of one
 * request never race.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

export const reviewEventRow = z.object({
  id: z.string(),
  reviewId: z.string(),
  seq: z.number(),
  actorId: z.string(),
  actorUsername: z.string(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  note: z.string(),
  createdAt: z.number(),
  prevHash: z.string().nullable(),
  hash: z.string(),
});
export type ReviewEventRow = z.infer<typeof reviewEventRow>;

export interface NewReviewEvent {
  reviewId: string;
  seq: number;
  actorId: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string;
  note: string;
  createdAt: number;
  prevHash: string | null;
  hash: string;
}

/** The last event of a request (its seq and hash), or null. */
export async function lastReviewEvent(db: CommonQueryMethods, reviewId: string): Promise<{ seq: number; hash: string } | null> {
  return db.maybeOne(sql.type(z.object({ seq: z.number(), hash: z.string() }))`
    SELECT seq, hash FROM review_events WHERE review_id = ${reviewId} ORDER BY seq DESC LIMIT 1`);
}

/** Inserts the event; answers its id. */
export async function insertReviewEvent(db: CommonQueryMethods, event: NewReviewEvent): Promise<string> {
  return db.oneFirst(sql.type(z.object({ id: z.string() }))`
    INSERT INTO review_events (review_id, seq, actor_id, kind, from_status, to_status, note, created_at, prev_hash, hash)
    VALUES (${event.reviewId}, ${event.seq}, ${event.actorId}, ${event.kind}::review_event_kind,
            ${event.fromStatus}::review_status, ${event.toStatus}::review_status, ${event.note},
            ${new Date(event.createdAt).toISOString()}, ${event.prevHash}, ${event.hash})
    RETURNING id`);
}

export async function listReviewEvents(db: CommonQueryMethods, reviewId: string): Promise<readonly ReviewEventRow[]> {
  return db.any(sql.type(reviewEventRow)`
    SELECT e.id, e.review_id AS "reviewId", e.seq, e.actor_id AS "actorId", u.username AS "actorUsername", e.kind::text AS kind,
           e.from_status::text AS "fromStatus", e.to_status::text AS "toStatus", e.note, e.created_at AS "createdAt",
           e.prev_hash AS "prevHash", e.hash
    FROM review_events e JOIN users u ON u.id = e.actor_id
    WHERE e.review_id = ${reviewId}
    ORDER BY e.seq`);
}
