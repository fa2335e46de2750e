/**
 * Workspaces in and out as archives (docs/workspace-files.md):
 * - `GET /api/workspaces/:id/archive?format=zip|tar.gz`: any role that reads files.
 *   Built in memory, bounded (archive-limits.ts); texts are read live, a few at a time.
 * - `POST /api/workspaces/import?name=`: the raw body is the archive; hostile input,
 *   read and planned completely before anything is written, then created in one
 *   transaction, so a refused archive leaves no workspace behind.
 */
import { findWorkspaceForUser, listItems } from '@tandem/persistence';
import { archiveQuerySchema, importQuerySchema, LEFT_OUT_HEADER, MAX_LISTED_SKIPS, type ImportResult } from '@tandem/protocol';
import { tooLarge } from '../archive/archive-errors';
import { DOWNLOAD_LIMITS, importLimits, MAX_ARCHIVE_BYTES } from '../archive/archive-limits';
import { buildArchive, contentDisposition, type ArchiveItem } from '../archive/archive-writer';
import { createImportedWorkspace } from '../archive/import-workspace';
import { readArchive } from '../archive/read-archive';
import type { ServerContext } from '../context';
import { HttpError } from '../http/errors';
import type { Router } from '../http/router';
import { toApiWorkspace } from '../workspace/api-shapes';
import { canonicalId } from '../workspace/names';
import { parseQuery } from './parse-query';
import { requireRole, requireUser } from './require-user';

export interface ArchiveRouteParts {
  /** Paths of the workspace's binary placeholders (their bytes are only in the environment). */
  leftOut(workspaceId: string): ReadonlySet<string>;
}

const READS_AT_ONCE = 8;
const workspaceNotFound = () => new HttpError(404, 'workspace_not_found', 'Workspace not found');

export function registerArchiveRoutes(router: Router, ctx: ServerContext, parts: ArchiveRouteParts): void {
  router.get('/api/workspaces/:id/archive', async (req) => {
    const id = canonicalId(req.params.id!);
    const { user } = await requireRole(ctx, req, id, 'files.read');
    const { format } = parseQuery(req, archiveQuerySchema);
    const workspace = await findWorkspaceForUser(ctx.db.pool, id, user.id);
    if (!workspace) throw workspaceNotFound();
    const leftOut = parts.leftOut(id);
    const all = await listItems(ctx.db.pool, id);
    const rows = all.filter((row) => !leftOut.has(row.path));
    const items = await readTexts(ctx, rows);
    const archive = await buildArchive(format, items);
    return {
      body: archive,
      headers: {
        'Content-Type': format === 'zip' ? 'application/zip' : 'application/gzip',
        'Content-Disposition': contentDisposition(workspace.name, format),
        'Cache-Control': 'no-store',
        [LEFT_OUT_HEADER]: String(all.length - rows.length),
      },
    };
  }, { summary: 'Download the workspace as a .zip or .tar.gz' });

  router.post('/api/workspaces/import', async (req) => {
    const user = await requireUser(ctx, req);
    const { name } = parseQuery(req, importQuerySchema);
    const plan = await readArchive(req.body, importLimits(ctx.config));
    const id = await createImportedWorkspace(ctx, user.id, name, plan);
    const row = await findWorkspaceForUser(ctx.db.pool, id, user.id);
    if (!row) throw workspaceNotFound();
    const result: ImportResult = {
      workspace: toApiWorkspace(row),
      files: plan.files.length,
      folders: plan.folders.length,
      skipped: plan.skipped.slice(0, MAX_LISTED_SKIPS),
      skippedCount: plan.skipped.length,
    };
    return { status: 201, json: result };
  }, { summary: 'Create a workspace from an uploaded .zip or .tar.gz', bodyLimit: MAX_ARCHIVE_BYTES });
}

/** Folders as they are, files with their live text; 413 once the texts pass the download limit. */
async function readTexts(ctx: ServerContext, rows: ReadonlyArray<{ id: string; type: 'file' | 'folder'; path: string }>): Promise<ArchiveItem[]> {
  const items: ArchiveItem[] = new Array(rows.length);
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const i = next++;
      const row = rows[i]!;
      if (row.type === 'folder') {
        items[i] = { path: row.path };
        continue;
      }
      const content = await ctx.documents.readText(row.id).catch(() => null);
      if (content === null) continue; // deleted meanwhile
      bytes += Buffer.byteLength(content, 'utf8');
      if (bytes > DOWNLOAD_LIMITS.maxTextBytes) throw tooLarge(DOWNLOAD_LIMITS.maxTextBytes, 'would hold more text than');
      items[i] = { path: row.path, content };
    }
  };
  await Promise.all(Array.from({ length: READS_AT_ONCE }, worker));
  return items.filter((item) => item !== undefined);
}
