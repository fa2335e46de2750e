/**
 * Builds a workspace's archive in memory (bounded: archive-limits.ts): folders as
 * folder entries (so empty ones survive), files as UTF-8 bytes at their paths. Both
 * compress off the event loop: fflate's `zip` in a worker, zlib's gzip in its pool.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { writeTar } from '@tandem/executor';
import { zip, type AsyncZippable } from 'fflate';

import type { ArchiveFormat } from '@tandem/protocol';

export type { ArchiveFormat };

export interface ArchiveItem {
  path: string;
  /** Absent for a folder. */
  content?: string;
}

const gzipAsync = promisify(gzip);
const encoder = new TextEncoder();

export async function buildArchive(format: ArchiveFormat, items: readonly ArchiveItem[], mtime = new Date()): Promise<Buffer> {
  return format === 'zip' ? buildZip(items, mtime) : buildTarGz(items, mtime);
}

function buildZip(items: readonly ArchiveItem[], mtime: Date): Promise<Buffer> {
  const entries: AsyncZippable = {};
  for (const item of items) {
    if (item.content === undefined) entries[`${item.path}/`] = [new Uint8Array(0), { level: 0, mtime }];
    else entries[item.path] = [encoder.encode(item.content), { level: 6, mtime }];
  }
  return new Promise((resolve, reject) => {
    zip(entries, (err, data) => (err ? reject(err) : resolve(Buffer.from(data.buffer, data.byteOffset, data.byteLength))));
  });
}

async function buildTarGz(items: readonly ArchiveItem[], mtime: Date): Promise<Buffer> {
  const tar = writeTar(
    items.map((item) =>
      item.content === undefined ? { path: `${item.path}/`, type: 'Directory', mtime } : { path: item.path, type: 'File', body: encoder.encode(item.content), mtime },
    ),
  );
  return gzipAsync(tar);
}

/**
 * `Content-Disposition` for a download named after the workspace: an ASCII fallback
 * with only safe characters (no quotes, slashes or controls to break out of the
 * header or the folder it is saved to), and the real name in RFC 5987 `filename*`.
 */
export function contentDisposition(workspaceName: string, format: ArchiveFormat): string {
  const base = workspaceName.normalize('NFC').replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '-').replace(/^[.\s-]+|[.\s]+$/g, '').slice(0, 100) || 'workspace';
  const ascii = base.replace(/[^A-Za-z0-9._ -]+/g, '_').replace(/^[._ ]+/, '') || 'workspace';
  const ext = format === 'zip' ? 'zip' : 'tar.gz';
  return `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${base}.${ext}`).replace(/['()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
