/**
 * What an uploaded archive becomes (pure logic): the folders and files of the new
 * workspace, and what is skipped, or one refusal for the whole archive. The rules are
 * the pull-back's (the executor's path validation and DEFAULT_PULL_IGNORE, its
 * `classifyContent` for text), all or nothing where the pull-back would refuse a name:
 *
 * - refused, nothing created: a path that would leave the workspace (absolute, `..`,
 *   a backslash, a drive letter) `archive_unsafe_path`; a name the tree refuses
 *   `archive_invalid_name`; a device, FIFO or unknown type `archive_special_file`; a
 *   path given twice (or a file where a folder must be) `archive_duplicate_path`; more
 *   files and folders than the workspace may hold `archive_too_many_entries`.
 * - skipped and reported: symbolic and hard links (never followed), anything below
 *   one, names in DEFAULT_PULL_IGNORE (node_modules, .git...: reported once, topmost),
 *   and binary files (a NUL byte or invalid UTF-8: a document holds text).
 */
import { classifyContent, DEFAULT_PULL_IGNORE, isIgnoredPath, validateRelativePath, type PathRefusal } from '@tandem/executor';
import { ancestorPaths, nameProblem } from '../workspace/names';
import { duplicatePath, invalidName, specialFile, tooManyEntries, unsafePath } from './archive-errors';
import type { ImportLimits } from './archive-limits';
import type { RawEntry } from './raw-entry';

export type SkipReason = 'symlink' | 'hard-link' | 'under-link' | 'ignored' | 'binary';

export interface SkippedEntry {
  path: string;
  reason: SkipReason;
}

export interface ImportPlan {
  /** Every folder, parents before children (those the archive lists and those its files imply). */
  folders: string[];
  files: Array<{ path: string; content: string }>;
  skipped: SkippedEntry[];
}

const IGNORED = new Set(DEFAULT_PULL_IGNORE);
const UNSAFE = new Set<PathRefusal>(['absolute', 'dot-segment', 'backslash', 'drive-letter']);

/** Whether an entry's bytes are worth reading (its name is not ignored); names are checked properly later. */
export function wantsData(name: string): boolean {
  return !isIgnoredPath(name.replace(/\/+$/, ''), IGNORED);
}

export function planImport(entries: readonly RawEntry[], limits: Pick<ImportLimits, 'maxItems'>): ImportPlan {
  const kinds = new Map<string, RawEntry['kind']>();
  const skipped: SkippedEntry[] = [];
  const ignoredTops = new Set<string>();
  const links = new Set<string>();
  const files: ImportPlan['files'] = [];

  for (const entry of entries) {
    const verdict = validateRelativePath(entry.name);
    if (!verdict.ok) {
      if (verdict.reason === 'empty') continue; // `./`, the archive's root
      if (UNSAFE.has(verdict.reason)) throw unsafePath(entry.name, verdict.reason);
      throw invalidName(entry.name, problemOf(entry.name, verdict.reason));
    }
    const path = verdict.path;
    if (entry.kind === 'special') throw specialFile(path);
    const seen = kinds.get(path);
    if (seen !== undefined && !(seen === 'folder' && entry.kind === 'folder')) throw duplicatePath(path);
    kinds.set(path, entry.kind);

    if (isIgnoredPath(path, IGNORED)) {
      ignoredTops.add(topmostIgnored(path));
      continue;
    }
    if (entry.kind === 'symlink' || entry.kind === 'hard-link') {
      links.add(path);
      skipped.push({ path, reason: entry.kind });
      continue;
    }
    if (entry.kind === 'file') {
      const content = classifyContent(entry.data ?? new Uint8Array(0));
      if (content.kind === 'binary') skipped.push({ path, reason: 'binary' });
      else files.push({ path, content: content.text });
    }
  }

  const kept = files.filter((file) => {
    const link = ancestorPaths(file.path).find((a) => links.has(a));
    if (link) skipped.push({ path: file.path, reason: 'under-link' });
    return !link;
  });
  const folders = new Set<string>();
  for (const [path, kind] of kinds) {
    if (kind === 'folder' && !isIgnoredPath(path, IGNORED) && !ancestorPaths(path).some((a) => links.has(a))) folders.add(path);
  }
  for (const file of kept) {
    for (const ancestor of ancestorPaths(file.path)) {
      const kind = kinds.get(ancestor);
      if (kind !== undefined && kind !== 'folder') throw duplicatePath(file.path, `"${ancestor}" is a file in the archive, and a folder here`);
      folders.add(ancestor);
    }
  }
  for (const folder of folders) {
    const clash = ancestorPaths(folder).find((a) => kinds.get(a) === 'file');
    if (clash) throw duplicatePath(folder, `"${clash}" is a file in the archive, and a folder here`);
  }
  if (folders.size + kept.length > limits.maxItems) throw tooManyEntries(limits.maxItems, 'files and folders (TANDEM_MAX_ITEMS_PER_WORKSPACE)');

  for (const top of [...ignoredTops].sort()) skipped.push({ path: top, reason: 'ignored' });
  return { folders: [...folders].sort(byDepthThenName), files: kept, skipped };
}

function topmostIgnored(path: string): string {
  const segments = path.split('/');
  const at = segments.findIndex((s) => IGNORED.has(s));
  return segments.slice(0, at + 1).join('/');
}

function problemOf(name: string, reason: PathRefusal): string {
  const bad = name.split('/').find((segment) => nameProblem(segment));
  return (bad !== undefined ? nameProblem(bad) : null) ?? `the path is refused (${reason})`;
}

function byDepthThenName(a: string, b: string): number {
  const depth = a.split('/').length - b.split('/').length;
  return depth !== 0 ? depth : a < b ? -1 : a > b ? 1 : 0;
}
