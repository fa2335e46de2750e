/**
 * Reads a snapshot of an environment's tree from a tar archive: hostile input.
 *
 * Policy (what a user would notice):
 * - Only regular files and folders are accepted. Symbolic links, hard links,
 *   devices, FIFOs and unknown types are refused (skipped and reported), never followed.
 * - Paths are validated (`path-validation.ts`): absolute, `..`, NUL, control
 *   characters and over-long names are refused.
 * - Files over `maxFileBytes`, files past the `maxTotalBytes` budget and binary
 *   files are listed as `unloaded`, not loaded as text.
 * - Duplicates: the last entry wins, as when GNU tar extracts the same archive;
 *   a refused entry also wins, so the path is absent (it is not a regular file).
 * - An entry below a path that is a file is refused ('under-file'), and below a
 *   refused link or device ('under-link'): it would be written through the link.
 * - More than `maxEntries` entries, more than `maxArchiveBytes` of archive, a
 *   compressed or unreadable archive: the whole snapshot is rejected with a
 *   `PullRejectedError`. A partial snapshot is never returned, because the caller
 *   would take the files it misses for deletions.
 * Nothing here touches the file system.
 */
import { Parser, type ReadEntry } from 'tar';
import type { PulledChangeEntry } from '../executor';
import { classifyContent } from './content';
import { PullRejectedError } from './errors';
import { ancestorsOf, validateRelativePath, type PathRefusal } from './path-validation';

export interface PullLimits {
  maxEntries: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  /** Raw archive bytes read before giving up (skipped file bodies count too). */
  maxArchiveBytes: number;
}

export const DEFAULT_PULL_LIMITS: PullLimits = {
  maxEntries: 10_000,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxArchiveBytes: 512 * 1024 * 1024,
};

export type EntryRefusal = PathRefusal | 'symlink' | 'hard-link' | 'device' | 'unsupported-type' | 'under-file' | 'under-link';

export interface RefusedEntry {
  path: string;
  reason: EntryRefusal;
}

export interface TreeSnapshot {
  entries: Map<string, PulledChangeEntry>;
  refused: RefusedEntry[];
}

/** Our own staging folders (push in progress) never come back as workspace files. */
export const STAGING_PREFIX = '.tandem-staging-';

export async function readTreeArchive(
  archive: Buffer | AsyncIterable<Buffer>,
  limits?: Partial<PullLimits>,
): Promise<Map<string, PulledChangeEntry>> {
  return (await readTreeSnapshot(archive, limits)).entries;
}

export async function readTreeSnapshot(
  archive: Buffer | AsyncIterable<Buffer>,
  limits: Partial<PullLimits> = {},
): Promise<TreeSnapshot> {
  const caps: PullLimits = { ...DEFAULT_PULL_LIMITS, ...limits };
  const collector = new SnapshotCollector(caps);
  // Meta entries (PAX, GNU long names) are held in memory: keep them small.
  const parser = new Parser({ strict: false, maxMetaEntrySize: 64 * 1024 });
  parser.on('entry', (entry: ReadEntry) => collector.onEntry(entry));
  parser.on('ignoredEntry', (entry: ReadEntry) => collector.onIgnored(entry));
  parser.on('warn', (code: string, message: string | Error) => collector.onWarning(code, message));
  const ended = new Promise<void>((resolve, reject) => {
    parser.on('end', () => resolve());
    parser.on('error', (error: unknown) => reject(new PullRejectedError('malformed', 'unreadable archive', { cause: error })));
  });
  ended.catch(() => {}); // observed below; avoids an unhandled rejection if we fail first

  let read = 0;
  const chunks = Buffer.isBuffer(archive) ? [archive] : archive;
  for await (const chunk of chunks) {
    if (read === 0 && looksCompressed(chunk)) throw new PullRejectedError('compressed', 'compressed archives are not accepted');
    read += chunk.length;
    if (read > caps.maxArchiveBytes) {
      throw new PullRejectedError('archive-too-large', `archive larger than ${caps.maxArchiveBytes} bytes`);
    }
    if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
    collector.throwIfFailed();
  }
  parser.end();
  await ended;
  collector.throwIfFailed();
  return collector.finish();
}

function looksCompressed(chunk: Buffer): boolean {
  const gzip = chunk[0] === 0x1f && chunk[1] === 0x8b;
  const zstd = chunk[0] === 0x28 && chunk[1] === 0xb5 && chunk[2] === 0x2f && chunk[3] === 0xfd;
  return gzip || zstd;
}

class SnapshotCollector {
  private readonly entries = new Map<string, PulledChangeEntry>();
  // Sequence number of the last entry seen per path: "last wins" even though
  // file bodies complete asynchronously.
  private readonly latest = new Map<string, number>();
  private readonly refused: RefusedEntry[] = [];
  // Valid paths whose last entry was refused (a link, a device): nothing below them is trusted.
  private readonly refusedPaths = new Set<string>();
  private seen = 0;
  private loadedBytes = 0;
  private failure: PullRejectedError | undefined;

  constructor(private readonly caps: PullLimits) {}

  onEntry(entry: ReadEntry): void {
    entry.on('error', () => {}); // a truncated body is reported by the parser
    if (this.failure) return void entry.resume();
    if (++this.seen > this.caps.maxEntries) {
      this.failure = new PullRejectedError('too-many-entries', `more than ${this.caps.maxEntries} entries`);
      return void entry.resume();
    }
    const verdict = validateRelativePath(entry.path);
    if (!verdict.ok) {
      if (verdict.reason !== 'empty') this.refused.push({ path: entry.path, reason: verdict.reason });
      return void entry.resume();
    }
    const path = verdict.path;
    if (path.split('/')[0]!.startsWith(STAGING_PREFIX)) return void entry.resume();
    const seq = this.seen;
    this.latest.set(path, seq);
    this.entries.delete(path);
    this.refusedPaths.delete(path);

    switch (entry.type) {
      case 'Directory':
        this.entries.set(path, { type: 'folder' });
        return void entry.resume();
      case 'File':
      case 'OldFile':
      case 'ContiguousFile':
        return this.readFile(entry, path, seq);
      default:
        this.refused.push({ path, reason: refusalForType(entry.type) });
        this.refusedPaths.add(path);
        return void entry.resume();
    }
  }

  /** Entries the parser skips itself: unknown types (refused), and metadata over its size cap. */
  onIgnored(entry: ReadEntry): void {
    if (entry.meta) return this.fail(new PullRejectedError('malformed', 'a metadata header exceeds 64 KiB'));
    if (++this.seen > this.caps.maxEntries) return this.fail(new PullRejectedError('too-many-entries', `more than ${this.caps.maxEntries} entries`));
    this.refused.push({ path: entry.path, reason: 'unsupported-type' });
  }

  /**
   * A damaged header (bad checksum, missing path) makes the parser skip data it
   * cannot place: what follows may be misread, so the whole snapshot is refused.
   */
  onWarning(code: string, message: string | Error): void {
    if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ENTRY_INVALID' || code === 'TAR_ABORT') {
      this.fail(new PullRejectedError('malformed', `unreadable archive: ${String(message)}`));
    }
  }

  private fail(error: PullRejectedError): void {
    this.failure ??= error;
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  finish(): TreeSnapshot {
    const paths = [...this.entries.keys()].sort();
    for (const path of paths) {
      for (const ancestor of ancestorsOf(path)) {
        if (this.refusedPaths.has(ancestor)) {
          this.entries.delete(path);
          this.refused.push({ path, reason: 'under-link' });
          break;
        }
        const parent = this.entries.get(ancestor);
        if (parent && parent.type !== 'folder') {
          this.entries.delete(path);
          this.refused.push({ path, reason: 'under-file' });
          break;
        }
        if (!parent) this.entries.set(ancestor, { type: 'folder' });
      }
    }
    return { entries: this.entries, refused: this.refused };
  }

  private readFile(entry: ReadEntry, path: string, seq: number): void {
    const size = entry.size ?? 0;
    const place = (value: PulledChangeEntry) => {
      if (this.latest.get(path) === seq) this.entries.set(path, value);
    };
    if (size > this.caps.maxFileBytes || this.loadedBytes + size > this.caps.maxTotalBytes) {
      place({ type: 'unloaded', size, reason: 'too-large' });
      return void entry.resume();
    }
    this.loadedBytes += size;
    const parts: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => parts.push(chunk));
    entry.on('end', () => {
      const content = classifyContent(Buffer.concat(parts));
      place(content.kind === 'text' ? { type: 'file', content: content.text, size } : { type: 'unloaded', size, reason: 'binary' });
    });
  }
}

function refusalForType(type: string): EntryRefusal {
  if (type === 'SymbolicLink') return 'symlink';
  if (type === 'Link') return 'hard-link';
  if (type === 'CharacterDevice' || type === 'BlockDevice' || type === 'FIFO') return 'device';
  return 'unsupported-type';
}
