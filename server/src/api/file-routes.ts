/**
 * Files by path, for scripts: `GET`, `PUT`, `DELETE /api/workspaces/:id/files/<path>`.
 *
 * The path is parsed from the raw URL (see workspace/names.ts `parseRawPath`). GET
 * reads the live document (current even before the `content` column catches up).
 * PUT takes the raw body as UTF-8 text of any content type: a new file is created
 * with any missing folders above it; an existing file gets the text applied to its
 * Yjs document as a minimal diff, so people typing in it keep cursors and edits.
 * Paths follow the one naming rule (workspace/names.ts): 400 `invalid_name` or
 * `invalid_path`. Text whose document would exceed TANDEM_MAX_DOCUMENT_BYTES is 413
 * `document_too_large`, and the document keeps what it had.
 */
import { findItemByPath, ItemNotFoundError, touchItem, type ItemRow } from '@tandem/persistence';
import type { FileCreated, FileReplaced } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { HttpError, badRequest, conflict, notFound, serviceUnavailable } from '../http/errors';
import { DocumentTooLargeError } from '../sync/document-size';
import { UnsavedLimitError } from '../sync/unsaved-budget';
import type { RequestContext, Router } from '../http/router';
import { toApiItem } from '../workspace/api-shapes';
import { canonicalId, parseRawPath } from '../workspace/names';
import { createFileAtPath, deleteItem } from '../workspace/tree-operations';
import { toTreeItem } from '../workspace/tree';
import { requireRole } from './require-user';

const PATTERN = '/api/workspaces/:id/files/*';

export function registerFileRoutes(router: Router, ctx: ServerContext): void {
  router.get(PATTERN, async (req) => {
    await requireRole(ctx, req, canonicalId(req.params.id!), 'files.read');
    const file = await existingFile(ctx, req);
    const text = await ctx.documents.readText(file.id);
    return { body: text, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } };
  }, { summary: "A file's current text" });

  router.put(PATTERN, async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    const { user } = await requireRole(ctx, req, workspaceId, 'files.write');
    const path = requestPath(req);
    const text = req.text();
    let file = await findItemByPath(ctx.db.pool, workspaceId, path);
    if (!file) {
      const result = await createFileAtPath(ctx, workspaceId, path, text, user);
      if (!result.existing) return { status: 201, json: { item: toApiItem(result.file), created: true } satisfies FileCreated };
      file = result.file; // created by a concurrent request meanwhile: write to it like any other
    }
    if (file.type === 'folder') throw isAFolder(path);
    await write(ctx, workspaceId, file, text);
    return { status: 200, json: { item: { ...toApiItem(file), size: Buffer.byteLength(text) }, created: false } satisfies FileReplaced };
  }, { summary: 'Create or replace a file by path (diff-applied to the live document)', bodyLimit: ctx.config.maxFileBytes });

  router.delete(PATTERN, async (req) => {
    const workspaceId = canonicalId(req.params.id!);
    const { user } = await requireRole(ctx, req, workspaceId, 'files.write');
    const file = await existingFile(ctx, req);
    await deleteItem(ctx, workspaceId, file, user);
    return { status: 204 };
  }, { summary: 'Delete a file by path' });
}

async function write(ctx: ServerContext, workspaceId: string, file: ItemRow, text: string): Promise<void> {
  try {
    await ctx.documents.writeText(workspaceId, file.id, text);
  } catch (err) {
    if (err instanceof ItemNotFoundError) throw notFound('File', 'file_not_found');
    if (err instanceof DocumentTooLargeError) throw new HttpError(413, err.code, `The file's document would exceed ${err.limit} bytes`);
    if (err instanceof UnsavedLimitError) throw serviceUnavailable(err.code, err.message);
    throw err;
  }
  await touchItem(ctx.db.pool, file.id);
  ctx.events.emit('tree', workspaceId, { kind: 'updated', item: toTreeItem(file) });
}

/** The raw tail after `/files/`: the router decodes and drops empty segments, which we must see. */
function requestPath(req: RequestContext): string {
  const marker = '/files/';
  const at = req.path.indexOf(marker);
  const parsed = parseRawPath(at < 0 ? '' : req.path.slice(at + marker.length));
  if (!parsed.ok) throw badRequest(parsed.code, parsed.message);
  return parsed.path;
}

async function existingFile(ctx: ServerContext, req: RequestContext): Promise<ItemRow> {
  const path = requestPath(req);
  const item = await findItemByPath(ctx.db.pool, canonicalId(req.params.id!), path);
  if (!item) throw notFound(`File ${path}`, 'file_not_found');
  if (item.type === 'folder') throw isAFolder(path);
  return item;
}

const isAFolder = (path: string) => conflict('is_a_folder', `"${path}" is a folder`);
