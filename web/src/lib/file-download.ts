/**
 * Saves a workspace file to the person's computer: its current text from
 * `GET /api/workspaces/:id/files/<path>` (the live document), handed to the browser as
 * a download named after the file.
 */
import { ApiError } from './errors';

export const filePath = (workspaceId: string, path: string) =>
  `/api/workspaces/${encodeURIComponent(workspaceId)}/files/${path.split('/').map(encodeURIComponent).join('/')}`;

export async function downloadFile(workspaceId: string, path: string): Promise<void> {
  const res = await fetch(filePath(workspaceId, path), { credentials: 'same-origin' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `The server answered ${res.status}`);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = path.slice(path.lastIndexOf('/') + 1);
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has started the download; the URL may go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
