/**
 * Reads an uploaded .tar.gz: hostile input. The gzip layer is inflated by zlib with
 * `maxOutputLength`, so a gzip bomb stops at the limit while inflating (the gzip
 * trailer's size is not trusted); the tar inside is parsed by the `tar` package as the
 * pull-back parses snapshots (tree-archive.ts): a damaged header refuses the whole.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { corrupt, fileTooLarge, tooLarge, tooManyEntries } from './archive-errors';
import type { ImportLimits } from './archive-limits';
import type { RawEntry, WantsData } from './raw-entry';

const inflate = promisify(gunzip);

export function looksLikeGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export async function readTarGz(bytes: Buffer, limits: ImportLimits, wantsData: WantsData): Promise<RawEntry[]> {
  let tar: Buffer;
  try {
    tar = await inflate(bytes, { maxOutputLength: limits.maxUncompressedBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limits.maxUncompressedBytes);
    throw corrupt(`the gzip stream is damaged (${(err as Error).message})`);
  }
  return parseTar(tar, limits, wantsData);
}

function parseTar(tar: Buffer, limits: ImportLimits, wantsData: WantsData): Promise<RawEntry[]> {
  const entries: RawEntry[] = [];
  let failure: Error | undefined;
  const fail = (error: Error) => void (failure ??= error);
  // Meta entries (PAX, GNU long names) are held in memory: keep them small.
  const parser = new Parser({ strict: false, maxMetaEntrySize: 64 * 1024 });
  parser.on('entry', (entry: ReadEntry) => {
    entry.on('error', () => {}); // a truncated body is reported by the parser
    if (failure) return void entry.resume();
    if (entries.length >= limits.maxArchiveEntries) {
      fail(tooManyEntries(limits.maxArchiveEntries, 'entries'));
      return void entry.resume();
    }
    const name = entry.path;
    const kind = kindOf(entry.type);
    if (kind !== 'file') {
      entries.push({ name, kind });
      return void entry.resume();
    }
    const raw: RawEntry = { name, kind };
    entries.push(raw);
    if (!wantsData(name)) return void entry.resume();
    if ((entry.size ?? 0) > limits.maxFileBytes) {
      fail(fileTooLarge(name, limits.maxFileBytes));
      return void entry.resume();
    }
    const parts: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => parts.push(chunk));
    entry.on('end', () => (raw.data = Buffer.concat(parts)));
  });
  parser.on('ignoredEntry', (entry: ReadEntry) => {
    if (entry.meta) return fail(corrupt('a metadata header exceeds 64 KiB'));
    entries.push({ name: entry.path, kind: 'special' });
  });
  parser.on('warn', (code: string, message: string | Error) => {
    if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ENTRY_INVALID' || code === 'TAR_ABORT') fail(corrupt(String(message)));
  });
  return new Promise((resolve, reject) => {
    parser.on('error', (error: Error) => reject(corrupt(error.message)));
    parser.on('end', () => (failure ? reject(failure) : resolve(entries)));
    parser.end(tar);
  });
}

function kindOf(type: string): RawEntry['kind'] {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
      return 'folder';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hard-link';
    default:
      return 'special';
  }
}
