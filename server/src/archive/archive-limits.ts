/**
 * The limits of workspace archives, in one place: the docs (docs/workspace-files.md)
 * and every refusal's message name them. Derived from the configuration where the
 * tree has a limit of its own (files per workspace, bytes per file), so an archive
 * may hold exactly what the tree could.
 */
import type { Config } from '../config';

const MiB = 1024 * 1024;

export interface ImportLimits {
  /** Bytes of the uploaded archive itself (the route's body limit: 413 `payload_too_large`). */
  maxArchiveBytes: number;
  /** Entries of any kind the archive may list, skipped ones included (413 `archive_too_many_entries`). */
  maxArchiveEntries: number;
  /** Files and folders the new workspace would hold: TANDEM_MAX_ITEMS_PER_WORKSPACE (413 `archive_too_many_entries`). */
  maxItems: number;
  /** Bytes of one file: TANDEM_MAX_FILE_BYTES, as for `PUT /files/<path>` (413 `archive_file_too_large`). */
  maxFileBytes: number;
  /** Bytes the archive inflates to, counted while inflating (413 `archive_too_large`): a zip bomb stops here. */
  maxUncompressedBytes: number;
}

export interface DownloadLimits {
  /** Bytes of text a download holds before it is compressed (413 `archive_too_large`): the archive is built in memory. */
  maxTextBytes: number;
}

export const MAX_ARCHIVE_BYTES = 32 * MiB;
export const MAX_ARCHIVE_ENTRIES = 100_000;
export const MAX_UNCOMPRESSED_BYTES = 128 * MiB;
export const MAX_DOWNLOAD_TEXT_BYTES = 256 * MiB;

export function importLimits(config: Pick<Config, 'maxItemsPerWorkspace' | 'maxFileBytes'>): ImportLimits {
  return {
    maxArchiveBytes: MAX_ARCHIVE_BYTES,
    maxArchiveEntries: MAX_ARCHIVE_ENTRIES,
    maxItems: config.maxItemsPerWorkspace,
    maxFileBytes: config.maxFileBytes,
    maxUncompressedBytes: MAX_UNCOMPRESSED_BYTES,
  };
}

export const DOWNLOAD_LIMITS: DownloadLimits = { maxTextBytes: MAX_DOWNLOAD_TEXT_BYTES };

export function mib(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}
