/**
 * Applying what another replica committed to a live Y.Doc. Pure: Yjs only.
 *
 * The updates are applied in one transaction with REPLICA_ORIGIN, which marks them
 * as already in the log: the hub appends only what clients and server-side writes
 * produce, never these. What the doc did not have yet comes back as ONE update (the
 * transaction's), for the local clients; rows it already had (its own, or re-read
 * after a gap) change nothing and come back as null, so nobody hears them twice.
 */
import * as Y from 'yjs';

export const REPLICA_ORIGIN = Symbol('tandem-replica');

export interface RemoteApplied {
  /** The change to the doc, for local clients; null if nothing was new. */
  update: Uint8Array | null;
  /** Updates Yjs could not read (skipped; the others still apply). */
  unreadable: number;
}

export function applyRemoteUpdates(doc: Y.Doc, updates: readonly Uint8Array[]): RemoteApplied {
  let update: Uint8Array | null = null;
  let unreadable = 0;
  const capture = (u: Uint8Array, origin: unknown) => {
    if (origin === REPLICA_ORIGIN) update = u;
  };
  doc.on('update', capture);
  try {
    doc.transact(() => {
      for (const u of updates) {
        try {
          Y.applyUpdate(doc, u, REPLICA_ORIGIN);
        } catch {
          unreadable++;
        }
      }
    }, REPLICA_ORIGIN);
  } finally {
    doc.off('update', capture);
  }
  return { update, unreadable };
}
