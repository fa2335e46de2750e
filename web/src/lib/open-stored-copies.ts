/**
 * The stored copies (stored-document.ts) this page has open, by user, so that signing
 * out can close them before deleting their databases. Deleting a database another
 * connection of this page holds makes y-indexeddb's connection close under it, and its
 * pending work then fails as unhandled rejections.
 */
export interface OpenCopy {
  destroy(): Promise<unknown>;
}

const open = new Map<string, Set<OpenCopy>>();

export function trackStoredCopy(userId: string, copy: OpenCopy): () => void {
  const mine = open.get(userId) ?? new Set<OpenCopy>();
  open.set(userId, mine);
  mine.add(copy);
  return () => {
    mine.delete(copy);
    if (mine.size === 0) open.delete(userId);
  };
}

/** Closes every copy of `userId` this page has open (they store nothing more). */
export async function closeStoredCopies(userId: string): Promise<void> {
  const mine = [...(open.get(userId) ?? [])];
  open.delete(userId);
  await Promise.all(mine.map((copy) => copy.destroy().catch(() => undefined)));
}
