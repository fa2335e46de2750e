/**
 * Reads an uploaded .zip: hostile input. The central directory is the truth (it holds
 * the entry types: Unix mode bits say symlink); each entry's local header only locates
 * its data. Nothing is trusted that could make us allocate: the entry count is capped
 * before the directory is walked, a declared size over a limit is refused before
 * inflating, and inflating stops at the declared size (zlib's `maxOutputLength`), so an
 * entry that inflates to more than it claims is refused as corrupt, and entries that
 * share one body (an overlapping-entry bomb) each count against the total.
 * Not accepted: ZIP64, encryption, compression other than stored and deflate.
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { corrupt, fileTooLarge, invalidName, tooLarge, tooManyEntries } from './archive-errors';
import type { ImportLimits } from './archive-limits';
import { crc32 } from './crc32';
import type { RawEntry, WantsData } from './raw-entry';

const inflate = promisify(inflateRaw);
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

export async function readZip(bytes: Buffer, limits: ImportLimits, wantsData: WantsData): Promise<RawEntry[]> {
  const end = findEndOfDirectory(bytes);
  if (end >= 20 && bytes.readUInt32LE(end - 20) === ZIP64_LOCATOR) throw corrupt('ZIP64 archives are not accepted');
  const count = bytes.readUInt16LE(end + 10);
  const dirSize = bytes.readUInt32LE(end + 12);
  const dirOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw corrupt('ZIP64 archives are not accepted');
  if (count > limits.maxArchiveEntries) throw tooManyEntries(limits.maxArchiveEntries, 'entries');
  if (dirOffset + dirSize > end) throw corrupt('the central directory lies outside the archive');

  const entries: RawEntry[] = [];
  let declaredTotal = 0;
  let inflated = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL) throw corrupt('a central directory entry is damaged');
    const madeBy = bytes.readUInt16LE(at + 4);
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const crc = bytes.readUInt32LE(at + 16);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const external = bytes.readUInt32LE(at + 38);
    const localOffset = bytes.readUInt32LE(at + 42);
    if (next > end) throw corrupt('a central directory entry is damaged');
    const name = decodeName(bytes.subarray(at + 46, at + 46 + nameLength));
    at = next;

    const kind = kindOf(name, madeBy, external);
    if (kind !== 'file') {
      entries.push({ name, kind });
      continue;
    }
    // An ignored name (node_modules...) is skipped unread: its size, method or encryption do not matter.
    if (!wantsData(name)) {
      entries.push({ name, kind });
      continue;
    }
    if (flags & 1) throw corrupt(`"${name}" is encrypted`);
    if (method !== 0 && method !== 8) throw corrupt(`"${name}" uses compression method ${method} (only stored and deflate are read)`);
    if (size > limits.maxFileBytes) throw fileTooLarge(name, limits.maxFileBytes);
    declaredTotal += size;
    if (declaredTotal > limits.maxUncompressedBytes) throw tooLarge(limits.maxUncompressedBytes);
    const body = dataOf(bytes, localOffset, compressedSize, dirOffset, name);
    const data = method === 0 ? body : await inflateAtMost(body, size, name);
    if (data.length !== size) throw corrupt(`"${name}" does not hold the ${size} bytes its header says`);
    inflated += data.length;
    if (inflated > limits.maxUncompressedBytes) throw tooLarge(limits.maxUncompressedBytes);
    if (crc32(data) !== crc) throw corrupt(`"${name}" fails its checksum`);
    entries.push({ name, kind, data });
  }
  return entries;
}

function findEndOfDirectory(bytes: Buffer): number {
  // The record is 22 bytes, followed by a comment of at most 65535.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === EOCD) return at;
  }
  throw corrupt('no end of central directory (truncated, or not a zip)');
}

function decodeName(raw: Uint8Array): string {
  try {
    return utf8.decode(raw);
  } catch {
    // Bit 11 unset means CP437; names outside ASCII are refused rather than guessed.
    throw invalidName(Buffer.from(raw).toString('latin1'), 'the name is not UTF-8');
  }
}

function kindOf(name: string, madeBy: number, external: number): RawEntry['kind'] {
  const unix = madeBy >>> 8 === 3;
  const type = unix ? (external >>> 16) & 0o170000 : 0;
  if (type === 0o120000) return 'symlink';
  if (type !== 0 && type !== 0o100000 && type !== 0o040000) return 'special';
  if (name.endsWith('/') || type === 0o040000 || (!unix && external & 0x10)) return 'folder';
  return 'file';
}

function dataOf(bytes: Buffer, localOffset: number, compressedSize: number, dirOffset: number, name: string): Buffer {
  if (localOffset + 30 > dirOffset || bytes.readUInt32LE(localOffset) !== LOCAL) throw corrupt(`the local header of "${name}" is damaged`);
  const start = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
  if (start + compressedSize > dirOffset) throw corrupt(`the data of "${name}" lies outside the archive`);
  return bytes.subarray(start, start + compressedSize);
}

/** Inflates, stopping one byte past the declared size: a header that under-states is caught without inflating the rest. */
async function inflateAtMost(body: Buffer, size: number, name: string): Promise<Buffer> {
  try {
    return await inflate(body, { maxOutputLength: size + 1 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw corrupt(`"${name}" inflates to more than the ${size} bytes its header says`);
    throw corrupt(`"${name}" does not inflate (${(err as Error).message})`);
  }
}
