/**
 * The notifying variant of APPEND_BATCH (document-store-sql.ts): the same INSERT, and
 * in the same statement the `pg_notify` calls that tell the other replicas which rows
 * it committed (format: notify-payload.ts, whose `encodeUpdateNotices` is the
 * reference this SQL is tested against).
 *
 * Same statement, so no extra round trip, and transactional: PostgreSQL delivers the
 * notifications when (and only if) the INSERT commits, after the rows are visible.
 *
 * $1-$4 as APPEND_BATCH; $5 the channel; $6 the replica id. One extra column: the
 * number of notifications sent (it also makes PostgreSQL evaluate the `notified` CTE,
 * which it would skip if nothing referenced it).
 */
import { APPENDED_SEQS, INSERTED_BATCH } from './document-store-sql';

export const APPEND_BATCH_NOTIFY = {
  name: 'tandem_document_updates_append_notify',
  text: `WITH ${INSERTED_BATCH},
    base AS (SELECT min(seq) AS seq FROM inserted),
    runs AS (
      SELECT item_id, min(seq) AS first, max(seq) AS last
      FROM (SELECT item_id, seq, seq - row_number() OVER (PARTITION BY item_id ORDER BY seq) AS island FROM inserted) AS s
      GROUP BY item_id, island),
    texts AS (
      SELECT r.item_id, r.first,
        to_hex(r.first - base.seq) || CASE WHEN r.last > r.first THEN '-' || to_hex(r.last - base.seq) ELSE '' END AS run,
        row_number() OVER (PARTITION BY r.item_id ORDER BY r.first) = 1 AS opens_item
      FROM runs AS r, base),
    chunked AS (
      SELECT item_id, first, run,
        sum(length(run) + 1 + CASE WHEN opens_item THEN 38 ELSE 0 END) OVER (ORDER BY item_id, first) / 7000 AS chunk
      FROM texts),
    entries AS (
      SELECT chunk, item_id::text || '=' || string_agg(run, ',' ORDER BY first) AS entry
      FROM chunked GROUP BY chunk, item_id),
    notified AS (
      SELECT count(pg_notify($5, '1;' || $6 || ';' || base.seq || ';' || p.body)) AS n
      FROM (SELECT chunk, string_agg(entry, ';' ORDER BY entry) AS body FROM entries GROUP BY chunk) AS p, base)
    SELECT ${APPENDED_SEQS},
      (SELECT n FROM notified)::int
    FROM inserted`,
} as const;

/** The announced rows, for the listening replicas (`seq` is the primary key). */
export const FETCH_UPDATES = {
  name: 'tandem_document_updates_fetch',
  text: `SELECT item_id::text, seq::text, "update" FROM document_updates WHERE seq = ANY($1::bigint[]) ORDER BY seq`,
} as const;
