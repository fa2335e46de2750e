/**
 * What a compaction stores: the merge of the caller's state, the stored state and the
 * log rows being folded. Pure: Yjs only, no database.
 *
 * Merging everything, not trusting the caller's state alone, is what makes compaction
 * safe with several replicas: a replica's document may lack rows another replica
 * appended (seqs are not handed out in commit order) or a state another replica's
 * compaction stored. Yjs merging is idempotent, so what the caller already has costs
 * only bytes to read. The caller's state goes first: for a range that is in both, the
 * merge keeps the first (the caller's garbage-collected form stays compact).
 */
import * as Y from 'yjs';
import { PersistenceError } from './errors';

export interface FoldableRow {
  seq: bigint;
  update: Uint8Array;
}

export interface CompactionMerge {
  state: Uint8Array;
  /** The rows in `state`: the ones to delete from the log. */
  folded: bigint[];
  /** Rows Yjs cannot read: left in the log (never delete what was not folded). */
  unreadable: bigint[];
}

export function mergeForCompaction(callerState: Uint8Array, storedState: Uint8Array | null, rows: readonly FoldableRow[]): CompactionMerge {
  const parts = storedState ? [callerState, storedState] : [callerState];
  try {
    return { state: Y.mergeUpdates([...parts, ...rows.map((r) => r.update)]), folded: rows.map((r) => r.seq), unreadable: [] };
  } catch {
    // Some part is malformed: find out which, one merge at a time (rare, so the cost is fine).
  }
  let state = mergeOrThrow(parts);
  const folded: bigint[] = [];
  const unreadable: bigint[] = [];
  for (const row of rows) {
    try {
      state = Y.mergeUpdates([state, row.update]);
      folded.push(row.seq);
    } catch {
      unreadable.push(row.seq);
    }
  }
  return { state, folded, unreadable };
}

/**
 * `mergeForCompaction` with the whole merge done by `merge` (a worker thread:
 * off-thread-merge.ts). Only when that fails, because some part is malformed, does it
 * fall back to finding which, here.
 */
export async function mergeForCompactionWith(
  merge: (parts: readonly Uint8Array[]) => Promise<Uint8Array>,
  callerState: Uint8Array,
  storedState: Uint8Array | null,
  rows: readonly FoldableRow[],
): Promise<CompactionMerge> {
  const parts = storedState ? [callerState, storedState] : [callerState];
  const state = await merge([...parts, ...rows.map((r) => r.update)]).catch(() => null);
  if (state) return { state, folded: rows.map((r) => r.seq), unreadable: [] };
  return mergeForCompaction(callerState, storedState, rows);
}

/** An unreadable caller or stored state is not skipped: replacing it would lose whatever it held. */
function mergeOrThrow(parts: Uint8Array[]): Uint8Array {
  try {
    // A single part is returned as is by Yjs: merge with an empty update to check it parses.
    return Y.mergeUpdates([...parts, EMPTY_UPDATE]);
  } catch (error) {
    throw new PersistenceError('unreadable_document_state', 'compaction refused: the caller state or the stored state is not a readable Yjs update', { cause: error });
  }
}

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
