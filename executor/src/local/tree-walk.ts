/**
 * Snapshots a workspace folder on disk with the same rules as a tree archive from a
 * pod (`archive/tree-archive.ts`): what a command left there is hostile input.
 *
 * - Only regular files and folders; links, devices, FIFOs and sockets are skipped,
 *   and files with more than one hard link too (a link to a file outside the tree).
 * - No link is ever followed, not even one swapped in while we walk: each folder is
 *   opened with O_NOFOLLOW and its children are reached through `/proc/self/fd/<fd>/`,
 *   the folder we opened, never by a path a command could redirect.
 * - Names are validated (`validateRelativePath`); refused names are skipped, and so
 *   are folders with ignored names (package installs, caches: `pull-ignore.ts`).
 * - Files over `maxFileBytes` or past the `maxTotalBytes` budget, and binary files,
 *   are listed as `unloaded`. More than `maxEntries` entries rejects the snapshot:
 *   a partial one would make the missing files look deleted.
 * - A file whose inode, size, mtime and ctime are unchanged since the previous walk
 *   is not read again (`WalkCache`): a pull after every command stays cheap.
 */
import { constants } from 'node:fs';
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { DEFAULT_PULL_LIMITS, PullRejectedError, STAGING_PREFIX, validateRelativePath, type PullLimits } from '../archive';
import { classifyContent } from '../archive';
import type { PulledChangeEntry } from '../executor';

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
const FILE_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** What a previous walk read, keyed by path, with the stat that proves it is still current. */
export type WalkCache = Map<string, { key: string; entry: PulledChangeEntry }>;

export interface WalkOptions {
  limits?: Partial<PullLimits>;
  ignoreNames?: ReadonlySet<string>;
  /** Read and replaced by the walk (left untouched when the walk fails). */
  cache?: WalkCache;
}

interface Walk {
  caps: PullLimits;
  ignore: ReadonlySet<string>;
  entries: Map<string, PulledChangeEntry>;
  previous: WalkCache;
  next: WalkCache;
  count: number;
  loadedBytes: number;
}

export async function walkTree(root: string, options: WalkOptions = {}): Promise<Map<string, PulledChangeEntry>> {
  const walk: Walk = {
    caps: { ...DEFAULT_PULL_LIMITS, ...options.limits },
    ignore: options.ignoreNames ?? new Set(),
    entries: new Map(),
    previous: options.cache ?? new Map(),
    next: new Map(),
    count: 0,
    loadedBytes: 0,
  };
  const rootHandle = await open(root, DIR_FLAGS);
  try {
    await walkFolder(rootHandle, '', walk);
  } finally {
    await rootHandle.close();
  }
  if (options.cache) {
    options.cache.clear();
    for (const [path, value] of walk.next) options.cache.set(path, value);
  }
  return walk.entries;
}

async function walkFolder(folder: FileHandle, prefix: string, walk: Walk): Promise<void> {
  const base = `/proc/self/fd/${folder.fd}`;
  const children = await readdir(base, { withFileTypes: true });
  children.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const child of children) {
    if (prefix === '' && child.name.startsWith(STAGING_PREFIX)) continue;
    if (walk.ignore.has(child.name)) continue;
    const verdict = validateRelativePath(prefix + child.name);
    if (!verdict.ok) continue;
    const path = verdict.path;
    if (!child.isDirectory() && !child.isFile()) continue;
    if (++walk.count > walk.caps.maxEntries) {
      throw new PullRejectedError('too-many-entries', `more than ${walk.caps.maxEntries} entries`);
    }
    const handle = await open(`${base}/${child.name}`, child.isDirectory() ? DIR_FLAGS : FILE_FLAGS).catch(() => null);
    if (!handle) continue; // replaced by a link or removed while we walked
    try {
      const stat = await handle.stat({ bigint: true });
      if (stat.isDirectory()) {
        walk.entries.set(path, { type: 'folder' });
        await walkFolder(handle, `${path}/`, walk);
      } else if (stat.isFile() && stat.nlink === 1n) {
        const key = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
        const cached = walk.previous.get(path);
        const entry = cached?.key === key ? reuse(cached.entry, walk) : await readEntry(handle, Number(stat.size), walk);
        walk.entries.set(path, entry);
        walk.next.set(path, { key, entry });
      }
    } finally {
      await handle.close();
    }
  }
}

/** A cached text still spends its share of the budget, so the walk decides as if it had read it. */
function reuse(entry: PulledChangeEntry, walk: Walk): PulledChangeEntry {
  if (entry.type !== 'file') return entry;
  if (walk.loadedBytes + entry.size > walk.caps.maxTotalBytes) return { type: 'unloaded', size: entry.size, reason: 'too-large' };
  walk.loadedBytes += entry.size;
  return entry;
}

async function readEntry(handle: FileHandle, size: number, walk: Walk): Promise<PulledChangeEntry> {
  if (size > walk.caps.maxFileBytes || walk.loadedBytes + size > walk.caps.maxTotalBytes) {
    return { type: 'unloaded', size, reason: 'too-large' };
  }
  // Read at most what stat said: the file may grow while we read it.
  const buffer = Buffer.alloc(size);
  let read = 0;
  while (read < size) {
    const { bytesRead } = await handle.read(buffer, read, size - read, read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  walk.loadedBytes += read;
  const verdict = classifyContent(buffer.subarray(0, read));
  return verdict.kind === 'text' ? { type: 'file', content: verdict.text, size: read } : { type: 'unloaded', size: read, reason: 'binary' };
}
