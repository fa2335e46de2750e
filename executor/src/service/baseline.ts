/**
 * The baseline of a workspace (pure logic): what its environment is known to hold.
 * Set from the full push on start, updated by every push, and replaced by every
 * pull. Text is recorded as the snapshot would report it, so a file the server
 * pushed is recognised when it comes back unchanged.
 */
import { ancestorsOf } from '../archive';
import type { PulledChangeEntry, PushChange, WorkspaceFile } from '../executor';
import type { Tree } from './pull-diff';
import { isSameOrBelow } from './push-schedule';

export function entryForText(content: string, maxFileBytes: number): PulledChangeEntry {
  const size = Buffer.byteLength(content, 'utf8');
  if (size > maxFileBytes) return { type: 'unloaded', size, reason: 'too-large' };
  if (content.includes('\0')) return { type: 'unloaded', size, reason: 'binary' };
  return { type: 'file', content, size };
}

export function baselineOf(files: WorkspaceFile[], maxFileBytes: number): Tree {
  const tree: Tree = new Map();
  applyPushToBaseline(tree, files.map((f) => ({ kind: 'write', path: f.path, content: f.content })), maxFileBytes);
  return tree;
}

/** Records a push in the baseline, in the order the archive applies it: deletes first. */
export function applyPushToBaseline(tree: Tree, changes: PushChange[], maxFileBytes: number): void {
  for (const change of changes) {
    if (change.kind !== 'delete') continue;
    for (const path of [...tree.keys()]) if (isSameOrBelow(path, change.path)) tree.delete(path);
  }
  for (const change of changes) {
    if (change.kind === 'delete') continue;
    for (const folder of ancestorsOf(change.path)) tree.set(folder, { type: 'folder' });
    if (change.kind === 'mkdir') tree.set(change.path, { type: 'folder' });
    else {
      for (const path of [...tree.keys()]) if (path.startsWith(`${change.path}/`)) tree.delete(path);
      tree.set(change.path, entryForText(change.content, maxFileBytes));
    }
  }
}

/** Whether a write would change nothing the environment holds (a pulled change echoed back). */
export function isUnchangedWrite(tree: Tree, path: string, content: string): boolean {
  const entry = tree.get(path);
  return entry?.type === 'file' && entry.content === content;
}
