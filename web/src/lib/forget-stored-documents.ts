/**
 * Signing out forgets every file this browser kept for that user (stored-document.ts),
 * unsaved edits included: on a shared computer the next person must not find them in
 * IndexedDB. A copy still open elsewhere (another tab) is deleted once that tab lets go.
 */
import { closeStoredCopies } from './open-stored-copies';
import { storedDocumentPrefix } from './stored-document';

export async function forgetStoredDocuments(userId: string): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  // Ours first: a deletion under an open y-indexeddb connection fails its pending work.
  await closeStoredCopies(userId);
  const prefix = storedDocumentPrefix(userId);
  const all = await indexedDB.databases().catch(() => []);
  // Not awaited: a deletion waits for open connections, and signing out must not.
  for (const { name } of all) if (name?.startsWith(prefix)) indexedDB.deleteDatabase(name);
}
