/**
 * Files kept in this browser (y-indexeddb) so that edits made offline survive a closed
 * tab or a crash and merge when the connection returns (Yjs merges: what the server
 * already has is not applied twice). Pure: names and the "was it acknowledged" test.
 *
 * - Each copy is named by user, workspace and item, so one person's unsaved edits
 *   never show up for another person signed in on the same browser.
 * - Beside the document, the snapshot it had when the server had acknowledged
 *   everything (`ACKED_KEY`). After a reload, a copy that differs from that snapshot
 *   holds edits no server confirmed: the file shows as unsaved until a connection has
 *   them acked.
 */
import * as Y from 'yjs';

const PREFIX = 'tandem-doc';
export const ACKED_KEY = 'acked-snapshot';

export function storedDocumentName(userId: string, workspaceId: string, itemId: string): string {
  return `${PREFIX}:${userId}:${workspaceId}:${itemId}`;
}

/** The prefix of every stored copy of this user (what signing out clears). */
export function storedDocumentPrefix(userId: string): string {
  return `${PREFIX}:${userId}:`;
}

/**
 * What the copy held when the server had acknowledged all of it: a Yjs snapshot (state
 * vector and delete set; a deletion moves no clock, so a state vector alone would miss it).
 */
export function acknowledgedSnapshot(doc: Y.Doc): Uint8Array {
  return Y.encodeSnapshot(Y.snapshot(doc));
}

/** Whether the copy `doc` holds nothing past the acknowledged snapshot `acked` (unset: never acknowledged). */
export function acknowledged(doc: Y.Doc, stored: unknown): boolean {
  const acked = stored instanceof ArrayBuffer ? new Uint8Array(stored) : stored;
  if (!(acked instanceof Uint8Array)) return Y.decodeStateVector(Y.encodeStateVector(doc)).size === 0;
  try {
    return Y.equalSnapshots(Y.snapshot(doc), Y.decodeSnapshot(acked));
  } catch {
    return false;
  }
}
