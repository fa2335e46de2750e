/**
 * Writes tar archives in memory from entries (pure logic, no file system).
 * Long paths get a PAX extended header, as `tar` and GNU tar expect. Tests also
 * use this writer to build hostile archives (links, devices, PAX overrides).
 */
import { Header, Pax, type HeaderData } from 'tar';

export interface TarEntry {
  path: string;
  type: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'FIFO';
  body?: Uint8Array;
  linkpath?: string;
  mode?: number;
  /** Extra PAX fields written before this entry (they override the header's own). */
  pax?: HeaderData;
  /** Defaults to now: a pushed file must look newer than what it replaces (stale .pyc, make). */
  mtime?: Date;
}

const BLOCK = 512;

export function writeTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  const now = new Date();
  for (const entry of entries) {
    const body = entry.body ?? new Uint8Array(0);
    const data: HeaderData = {
      path: entry.path,
      type: entry.type,
      mode: entry.mode ?? (entry.type === 'Directory' ? 0o755 : 0o644),
      size: entry.type === 'File' ? body.length : 0,
      linkpath: entry.linkpath,
      uid: 1000,
      gid: 1000,
      mtime: entry.mtime ?? now,
    };
    const header = new Header(data);
    const block = Buffer.alloc(BLOCK);
    const needPax = header.encode(block, 0);
    if (needPax || entry.pax) {
      const pax = new Pax({ path: entry.path, linkpath: entry.linkpath, mtime: entry.mtime ?? now, ...entry.pax });
      parts.push(pax.encode());
    }
    parts.push(block);
    if (entry.type === 'File' && body.length > 0) {
      parts.push(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
      const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  // Two zero blocks end the archive.
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
