/**
 * One compaction, safe with several store instances (replicas) on one database:
 *
 *   BEGIN
 *   lock the item row (FOR UPDATE) and read the stored state
 *   read the log rows with seq <= throughSeq
 *   store merge(caller state, stored state, rows); delete exactly the rows read
 *   COMMIT
 *
 * The lock makes concurrent compactions of one document take turns, and the second
 * reads (READ COMMITTED: a fresh snapshot per statement) the state the first stored,
 * so neither overwrites the other. Rows committed after the read stay in the log even
 * if their seq is lower (seqs are not handed out in commit order): they are not in
 * the state, so they must not be deleted. See compaction-merge.ts for the merge.
 * The text is stored as `storableText` makes it: a NUL in a document cannot fail it.
 */
import type pg from 'pg';
import { mergeForCompaction, mergeForCompactionWith, type FoldableRow } from './compaction-merge';
import { LOCK_ITEM_STATE, READ_FOLDABLE, WRITE_COMPACTED } from './document-store-sql';
import { translateDatabaseError } from './errors';
import type { PersistenceLogger } from './logger';
import { storableText } from './storable-text';

export async function compactDocument(
  pool: pg.Pool,
  log: PersistenceLogger,
  itemId: string,
  state: Uint8Array,
  content: string,
  throughSeq: bigint,
  /** Where the whole merge is computed (a worker thread); here by default. */
  merge?: (parts: readonly Uint8Array[]) => Promise<Uint8Array>,
): Promise<void> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw translateDatabaseError(error);
  }
  let broken = false;
  try {
    await client.query('BEGIN');
    const locked = await client.query<[Uint8Array | null]>({ ...LOCK_ITEM_STATE, values: [itemId], rowMode: 'array' });
    // The item was deleted: its log went with it (ON DELETE CASCADE), nothing to fold.
    if (locked.rows.length === 0) return void (await client.query('COMMIT'));
    const read = await client.query<[string, Uint8Array]>({ ...READ_FOLDABLE, values: [itemId, throughSeq], rowMode: 'array' });
    const rows: FoldableRow[] = read.rows.map(([seq, update]) => ({ seq: BigInt(seq), update }));
    const stored = locked.rows[0]![0];
    const merged = merge ? await mergeForCompactionWith(merge, state, stored, rows) : mergeForCompaction(state, stored, rows);
    if (merged.unreadable.length > 0) {
      log.warn({ itemId, seqs: merged.unreadable.map(String) }, 'compaction left unreadable log rows in place');
    }
    await client.query({ ...WRITE_COMPACTED, values: [itemId, merged.state, storableText(content), throughSeq, `{${merged.folded.join(',')}}`] });
    await client.query('COMMIT');
  } catch (error) {
    // A connection that cannot even roll back is not given back to the pool.
    broken = !(await client.query('ROLLBACK').then(() => true, () => false));
    throw translateDatabaseError(error);
  } finally {
    client.release(broken);
  }
}
