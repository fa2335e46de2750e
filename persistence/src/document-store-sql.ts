/**
 * The statements of the PostgreSQL document store. Named, so node-postgres prepares
 * each once per connection and the hot path sends only Bind/Execute.
 */

/** The CTE `inserted` (seq, item_id) of the append statements: the batch $1-$4, in input order. */
export const INSERTED_BATCH = `inserted AS (
      INSERT INTO document_updates (item_id, "update")
      SELECT b.item_id, substring($2::bytea FROM b.start FOR b.len)
      FROM unnest($1::uuid[], $3::int[], $4::int[]) WITH ORDINALITY AS b(item_id, start, len, ord)
      ORDER BY b.ord
      RETURNING seq, item_id)`;

/** The append statements' first columns, over `inserted` (AppendBatchResult in append-batch.ts). */
export const APPENDED_SEQS = `min(seq)::text, count(*)::int,
      CASE WHEN max(seq) - min(seq) + 1 = count(*) THEN NULL ELSE string_agg(seq::text, ',' ORDER BY seq) END`;

/**
 * One round trip for a whole batch. The updates travel as ONE binary bytea parameter
 * (their concatenation) cut apart by offset and length: node-postgres would otherwise
 * hex-encode every update into a bytea[] literal, which was a third of this path's CPU.
 * WITH ORDINALITY + ORDER BY makes the insert order, and so the seq order, the order
 * of the input. Returning one row instead of one per update halves the client's work
 * again: when the batch's seqs are contiguous (one writer, the usual case) min and count
 * say it all; otherwise (another process inserted meanwhile) they come as a list,
 * ascending = input order.
 */
export const APPEND_BATCH = {
  name: 'tandem_document_updates_append',
  text: `WITH ${INSERTED_BATCH}
    SELECT ${APPENDED_SEQS}
    FROM inserted`,
} as const;

/** State row first (part 0), then the log tail in seq order; one statement, one snapshot. */
export const LOAD_DOCUMENT = {
  name: 'tandem_document_load',
  text: `SELECT 0 AS part, yjs_state AS data, yjs_state_seq AS seq FROM workspace_items WHERE id = $1
    UNION ALL
    SELECT 1 AS part, "update" AS data, seq FROM document_updates WHERE item_id = $1
    ORDER BY part, seq`,
} as const;

/**
 * Compaction is one transaction of three statements (pg-document-store.ts): lock the
 * item row, read the stored state and the foldable log rows, write their merge and
 * delete exactly the rows read. The lock serialises compactions of one document
 * across store instances (replicas); READ COMMITTED gives the row read after the
 * lock a fresh snapshot, so it sees what a compaction that held the lock before did.
 */
export const LOCK_ITEM_STATE = {
  name: 'tandem_document_compact_lock',
  text: 'SELECT yjs_state FROM workspace_items WHERE id = $1 FOR UPDATE',
} as const;

export const READ_FOLDABLE = {
  name: 'tandem_document_compact_read',
  text: `SELECT seq::text, "update" FROM document_updates WHERE item_id = $1 AND seq <= $2 ORDER BY seq`,
} as const;

/**
 * The merged state replaces the stored one whatever its seq (it contains it). The
 * text is the caller's, unless a compaction through a later seq already stored newer
 * text: the caller's text may lack what other replicas wrote, the merged state does not.
 */
export const WRITE_COMPACTED = {
  name: 'tandem_document_compact_write',
  text: `WITH folded AS (DELETE FROM document_updates WHERE item_id = $1 AND seq = ANY($5::bigint[]))
    UPDATE workspace_items SET yjs_state = $2,
      content = CASE WHEN yjs_state_seq <= $4 THEN $3 ELSE content END,
      yjs_state_seq = greatest(yjs_state_seq, $4), updated_at = now()
    WHERE id = $1`,
} as const;

/**
 * Every dirty item's text in one statement; deleted items simply match nothing. The
 * texts travel as one JSON array: JSON.stringify is native, where node-postgres
 * escapes a text[] element by element in JavaScript (a measurable share of the
 * server's CPU with a few hundred busy documents).
 */
export const WRITE_CONTENTS = {
  name: 'tandem_document_write_contents',
  text: `UPDATE workspace_items AS w SET content = c.content, updated_at = now()
    FROM (SELECT ids.id, texts.content
      FROM unnest($1::uuid[]) WITH ORDINALITY AS ids(id, n)
      JOIN json_array_elements_text($2::json) WITH ORDINALITY AS texts(content, n) USING (n)) AS c
    WHERE w.id = c.id`,
} as const;

export const EXISTING_ITEMS = {
  name: 'tandem_document_existing_items',
  text: 'SELECT id FROM workspace_items WHERE id = ANY($1::uuid[])',
} as const;
