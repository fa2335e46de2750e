/**
 * What changed between two sets of a workspace's files (a review snapshot, and the
 * files now), matched by item id: a file only now is `added`, one only then `deleted`,
 * one at a new path `renamed` (its text may have changed too), one whose text differs
 * `changed`; the rest are left out. Sorted by path. Pure: texts are thunks, called only
 * for files whose version (snapshot.ts) or path differ, so unchanged files cost nothing.
 */
import type { ReviewFileChange } from '@tandem/protocol';
import { isTooLarge, lineDiff } from './line-diff';

export interface FileVersion {
  itemId: string;
  path: string;
  /** `versionOf` the document: equal exactly when no insert or delete happened in between. */
  version: Uint8Array;
}

export interface FileWithText extends FileVersion {
  /** The whole text; called only when `needsText` says so. */
  text: () => string;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);

/** Whether comparing the file needs its texts: it was added or deleted, or its path or version moved. */
export function needsText(before: FileVersion | undefined, after: FileVersion | undefined): boolean {
  return !before || !after || before.path !== after.path || !sameBytes(before.version, after.version);
}

/** Whether anything changed at all: some file added, deleted, moved, or with another version (a verdict gone stale). */
export function filesDiffer(before: readonly FileVersion[], after: readonly FileVersion[]): boolean {
  if (before.length !== after.length) return true;
  const then = new Map(before.map((f) => [f.itemId, f]));
  return after.some((f) => needsText(then.get(f.itemId), f));
}

export function compareFiles(before: readonly FileWithText[], after: readonly FileWithText[]): ReviewFileChange[] {
  const now = new Map(after.map((f) => [f.itemId, f]));
  const changes: ReviewFileChange[] = [];
  for (const old of before) {
    const current = now.get(old.itemId);
    now.delete(old.itemId);
    if (!needsText(old, current)) continue;
    if (!current) {
      changes.push(change(old.itemId, 'deleted', old.path, old.path, old.text(), null));
      continue;
    }
    const oldText = old.text();
    const newText = current.text();
    if (old.path !== current.path) changes.push(change(old.itemId, 'renamed', current.path, old.path, oldText, newText));
    else if (oldText !== newText) changes.push(change(old.itemId, 'changed', current.path, old.path, oldText, newText));
  }
  for (const added of now.values()) changes.push(change(added.itemId, 'added', added.path, null, null, added.text()));
  return changes.sort(byPath);
}

function change(itemId: string, status: ReviewFileChange['status'], path: string, oldPath: string | null, oldText: string | null, newText: string | null): ReviewFileChange {
  const tooLarge = (oldText !== null && isTooLarge(oldText)) || (newText !== null && isTooLarge(newText));
  if (tooLarge) return { itemId, status, path, oldPath, oldText: null, newText: null, tooLarge, hunks: [] };
  return { itemId, status, path, oldPath, oldText, newText, tooLarge, hunks: lineDiff(oldText ?? '', newText ?? '') };
}

/** By path (code units, as the tree lists them); at one path, the file that went before the one that came. */
function byPath(a: ReviewFileChange, b: ReviewFileChange): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return (a.status === 'deleted' ? 0 : 1) - (b.status === 'deleted' ? 0 : 1);
}
