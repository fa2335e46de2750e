/**
 * Which log rows a replica fetches for a burst of update notifications. Pure.
 *
 * - Its own notifications are skipped: those updates are in its documents already.
 * - Only documents this replica holds (loaded or loading) matter; a document loaded
 *   later reads the log then.
 * - One query for the whole burst: the announced seqs of every held document.
 * - A row announced but not returned was folded by a compaction in between (another
 *   replica's, possibly): its content is in the stored state, so that document is
 *   re-read whole instead (`itemsMissingRows`).
 */
import type { UpdateNotice } from '@tandem/persistence';

export interface FetchPlan {
  /** Every seq to fetch, ascending, no duplicates. */
  seqs: bigint[];
  /** The announced seqs of each held document. */
  byItem: Map<string, Set<bigint>>;
}

export function planFetch(notices: readonly UpdateNotice[], ownReplicaId: string, holds: (itemId: string) => boolean): FetchPlan {
  const byItem = new Map<string, Set<bigint>>();
  for (const notice of notices) {
    if (notice.replicaId === ownReplicaId) continue;
    for (const { itemId, seqs } of notice.items) {
      let wanted = byItem.get(itemId);
      if (!wanted) {
        if (!holds(itemId)) continue;
        byItem.set(itemId, (wanted = new Set()));
      }
      for (const seq of seqs) wanted.add(seq);
    }
  }
  const seqs = [...byItem.values()].flatMap((set) => [...set]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { seqs, byItem };
}

export interface FetchedRow {
  itemId: string;
  seq: bigint;
  update: Uint8Array;
}

/** The fetched updates of each document, in seq order (rows arrive ordered by seq). */
export function groupByItem(rows: readonly FetchedRow[]): Map<string, { updates: Uint8Array[]; lastSeq: bigint }> {
  const groups = new Map<string, { updates: Uint8Array[]; lastSeq: bigint }>();
  for (const row of rows) {
    const group = groups.get(row.itemId);
    if (!group) groups.set(row.itemId, { updates: [row.update], lastSeq: row.seq });
    else {
      group.updates.push(row.update);
      if (row.seq > group.lastSeq) group.lastSeq = row.seq;
    }
  }
  return groups;
}

/** Documents with an announced row that did not come back: compacted meanwhile, re-read them whole. */
export function itemsMissingRows(plan: FetchPlan, rows: readonly FetchedRow[]): string[] {
  const found = new Map<string, number>();
  for (const row of rows) if (plan.byItem.get(row.itemId)?.has(row.seq)) found.set(row.itemId, (found.get(row.itemId) ?? 0) + 1);
  return [...plan.byItem].filter(([itemId, seqs]) => (found.get(itemId) ?? 0) < seqs.size).map(([itemId]) => itemId);
}
