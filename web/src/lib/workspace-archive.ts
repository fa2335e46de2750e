/**
 * Workspaces as archives, for the IDE: the download address (a plain link: the
 * server names the file in Content-Disposition) and the upload of an archive that
 * becomes a new workspace (the raw file as the body, not JSON).
 */
import type { ArchiveFormat, ErrorBody, ImportResult } from '@tandem/protocol';
import { ApiError } from './errors';

export const ARCHIVE_CHOICES: ReadonlyArray<{ format: ArchiveFormat; label: string }> = [
  { format: 'zip', label: '.zip' },
  { format: 'tar.gz', label: '.tar.gz' },
];

export function archiveUrl(workspaceId: string, format: ArchiveFormat): string {
  return `/api/workspaces/${encodeURIComponent(workspaceId)}/archive?format=${encodeURIComponent(format)}`;
}

/** The workspace name an uploaded file suggests: its name without the archive extension. */
export function workspaceNameFor(fileName: string): string {
  const base = fileName.replace(/\.(zip|tar\.gz|tgz)$/i, '').trim();
  return (base || 'Imported workspace').slice(0, 100);
}

export async function importArchive(file: Blob, name: string): Promise<ImportResult> {
  const res = await fetch(`/api/workspaces/import?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': file.type || 'application/octet-stream' },
    body: file,
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (json as Partial<ErrorBody> | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${res.status}`, error?.details);
  }
  return json as ImportResult;
}

/** One line on what an import left out, or null when it left out nothing. */
export function describeSkipped(result: Pick<ImportResult, 'skipped' | 'skippedCount'>): string | null {
  if (result.skippedCount === 0) return null;
  const reasons: Record<string, string> = { symlink: 'link', 'hard-link': 'link', 'under-link': 'below a link', ignored: 'ignored', binary: 'binary' };
  const listed = result.skipped.slice(0, 5).map((s) => `${s.path} (${reasons[s.reason] ?? s.reason})`).join(', ');
  const more = result.skippedCount - Math.min(5, result.skipped.length);
  return `Left out ${result.skippedCount}: ${listed}${more > 0 ? ` and ${more} more` : ''}`;
}
