/**
 * What a command changed (pure logic): the difference between the baseline, what
 * the environment is known to hold because the server pushed it or last pulled
 * it, and a fresh snapshot. Diffing against the baseline, not against the
 * documents, is what keeps pushed content from bouncing back.
 *
 * Paths under ignored folder names (`pull-ignore.ts`) and paths the workspace's
 * ignore file matches (`ignore-file.ts`) are left out on both sides: a file already
 * in the workspace that they match keeps its document and is still pushed, but what
 * the environment does to it (a change, a deletion) is not brought back.
 *
 * Order of the result: deletes (topmost path of each vanished subtree, and paths
 * whose type changed), then new folders (parents first), then files.
 */
import type { PulledChange, PulledChangeEntry } from '../executor';
import { NO_RULES, type IgnoreRules } from './ignore-file';
import { isIgnoredPath } from './pull-ignore';
import { isSameOrBelow } from './push-schedule';

export type Tree = Map<string, PulledChangeEntry>;

export function diffTrees(baseline: Tree, snapshot: Tree, ignore: ReadonlySet<string> = new Set(), rules: IgnoreRules = NO_RULES): PulledChange[] {
  const left = (path: string, entry: PulledChangeEntry) => isIgnoredPath(path, ignore) || rules.ignores(path, isFolder(entry));
  const deletes: string[] = [];
  const mkdirs: PulledChange[] = [];
  const files: PulledChange[] = [];

  for (const [path, before] of baseline) {
    if (left(path, before)) continue;
    const after = snapshot.get(path);
    const gone = after === undefined || isFolder(after) !== isFolder(before);
    if (gone && !deletes.some((d) => isSameOrBelow(path, d))) deletes.push(path);
  }
  deletes.sort();
  const topmost = deletes.filter((path, i) => !deletes.slice(0, i).some((d) => isSameOrBelow(path, d)));

  const paths = [...snapshot.keys()].sort();
  for (const path of paths) {
    const after = snapshot.get(path)!;
    if (left(path, after)) continue;
    const before = baseline.get(path);
    if (before && isFolder(before) === isFolder(after) && sameContent(before, after)) continue;
    if (after.type === 'folder') mkdirs.push({ kind: 'mkdir', path });
    else if (after.type === 'file') files.push({ kind: 'upsert', path, content: after.content });
    else files.push({ kind: 'upsert-unloaded', path, size: after.size, reason: after.reason });
  }
  return [...topmost.map((path): PulledChange => ({ kind: 'delete', path })), ...mkdirs, ...files];
}

function isFolder(entry: PulledChangeEntry): boolean {
  return entry.type === 'folder';
}

/**
 * Whether two entries of the same kind hold the same content. A file the server
 * pushed as text may come back unloaded (over the size cap or the total budget);
 * with the same size it is taken as unchanged, the best a listing can tell.
 */
function sameContent(before: PulledChangeEntry, after: PulledChangeEntry): boolean {
  if (before.type === 'folder' || after.type === 'folder') return true;
  if (before.type === 'file' && after.type === 'file') return before.content === after.content;
  if (after.type === 'unloaded') {
    if (before.type === 'unloaded') return before.size === after.size && before.reason === after.reason;
    return after.reason === 'too-large' && before.size === after.size;
  }
  return false;
}

/**
 * The snapshot as the next diff's baseline: without what the ignore file keeps out,
 * so a file it stops matching (a line removed) comes back at the next pull.
 */
export function withoutIgnored(snapshot: Tree, rules: IgnoreRules): Tree {
  if (rules.empty) return snapshot;
  return new Map([...snapshot].filter(([path, entry]) => !rules.ignores(path, isFolder(entry))));
}
