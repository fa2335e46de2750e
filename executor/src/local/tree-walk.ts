/**
 * Snapshots a workspace folder on disk with the same rules as a tree archive from a
 * pod (`archive/tree-archive.ts`): what a command left there is hostile input.
 *
 * - Only regular files and folders; links, devices, FIFOs and sockets are skipped,
 *   and files with more than one hard link too (a link to a file outside the tree).
 * - No link is ever followed, not even one swapped in while we walk: each folder is
 *   opened with O_NOFOLLOW and its children are reached through `/proc/self/fd/<fd>/`,
 *   the folder we opened, never by a path a command could redirect.
 * - Names are validated (`validateRelativePath`); refused names are skipped.
 * - Files over `maxFileBytes` or past the `maxTotalBytes` budget, and binary files,
 *   are listed as `unloaded`. More than `maxEntries` entries rejects the snapshot:
 *   a partial one would make the missing files look deleted.
 */
import { constants } from 'node:fs';
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { DEFAULT_PULL_LIMITS, PullRejectedError, STAGING_PREFIX, validateRelativePath, type PullLimits } from '../archive';
import { classifyContent } from '../archive/content';
import type { PulledChangeEntry } from '../executor';

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
const FILE_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export async function walkTree(root: string, limits: Partial<PullLimits> = {}): Promise<Map<string, PulledChangeEntry>> {
  const caps = { ...DEFAULT_PULL_LIMITS, ...limits };
  const entries = new Map<string, PulledChangeEntry>();
  const budget = { entries: 0, loadedBytes: 0 };
  const rootHandle = await open(root, DIR_FLAGS);
  try {
    await walkFolder(rootHandle, '', entries, caps, budget);
  } finally {
    await rootHandle.close();
  }
  return entries;
}

async function walkFolder(
  folder: FileHandle,
  prefix: string,
  entries: Map<string, PulledChangeEntry>,
  caps: PullLimits,
  budget: { entries: number; loadedBytes: number },
): Promise<void> {
  const base = `/proc/self/fd/${folder.fd}`;
  const children = await readdir(base, { withFileTypes: true });
  children.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const child of children) {
    if (prefix === '' && child.name.startsWith(STAGING_PREFIX)) continue;
    const verdict = validateRelativePath(prefix + child.name);
    if (!verdict.ok) continue;
    const path = verdict.path;
    if (!child.isDirectory() && !child.isFile()) continue;
    if (++budget.entries > caps.maxEntries) {
      throw new PullRejectedError('too-many-entries', `more than ${caps.maxEntries} entries`);
    }
    const handle = await open(`${base}/${child.name}`, child.isDirectory() ? DIR_FLAGS : FILE_FLAGS).catch(() => null);
    if (!handle) continue; // replaced by a link or removed while we walked
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) {
        entries.set(path, { type: 'folder' });
        await walkFolder(handle, `${path}/`, entries, caps, budget);
      } else if (stat.isFile() && stat.nlink === 1) {
        entries.set(path, await readEntry(handle, stat.size, caps, budget));
      }
    } finally {
      await handle.close();
    }
  }
}

async function readEntry(
  handle: FileHandle,
  size: number,
  caps: PullLimits,
  budget: { loadedBytes: number },
): Promise<PulledChangeEntry> {
  if (size > caps.maxFileBytes || budget.loadedBytes + size > caps.maxTotalBytes) {
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
  budget.loadedBytes += read;
  const verdict = classifyContent(buffer.subarray(0, read));
  return verdict.kind === 'text' ? { type: 'file', content: verdict.text, size: read } : { type: 'unloaded', size: read, reason: 'binary' };
}
