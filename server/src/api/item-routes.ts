/**
 * The file tree by item id: list (every item with its full path), create, rename
 * and/or move, delete (folders recursively). Members read; editors and the owner change.
 */
import { findItem, listItems } from '@tandem/persistence';
import { createItemBodySchema, updateItemBodySchema, type ItemEnvelope, type ItemList } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { canonicalId } from '../workspace/names';
import { notFound } from '../http/errors';
import type { RequestContext, Router } from '../http/router';
import { toApiItem } from '../workspace/api-shapes';
import { createItem, deleteItem, renameOrMove } from '../workspace/tree-operations';
import { isUuid, requireRole } from './require-user';

export function registerItemRoutes(router: Router, ctx: ServerContext): void {
  router.get('/api/workspaces/:id/items', async (req) => {
    await requireRole(ctx, req, canonicalId(req.params.id!), 'files.read');
    const rows = await listItems(ctx.db.pool, canonicalId(req.params.id!));
    return { json: { items: rows.map(toApiItem) } satisfies ItemList };
  }, { summary: 'The whole file tree, each item with its full path' });

  router.post('/api/workspaces/:id/items', async (req) => {
    const { user } = await requireRole(ctx, req, canonicalId(req.params.id!), 'files.write');
    const body = req.json(createItemBodySchema);
    const item = await createItem(ctx, canonicalId(req.params.id!), { ...body, parentId: body.parentId ?? null }, user);
    return { status: 201, json: { item: toApiItem(item) } satisfies ItemEnvelope };
  }, { summary: 'Create an empty file or a folder' });

  router.patch('/api/workspaces/:id/items/:itemId', async (req) => {
    const { workspaceId, id, user } = await itemTarget(ctx, req);
    const body = req.json(updateItemBodySchema);
    const item = await renameOrMove(ctx, workspaceId, id, body, user);
    return { json: { item: toApiItem(item) } satisfies ItemEnvelope };
  }, { summary: 'Rename and/or move an item (descendants follow)' });

  router.delete('/api/workspaces/:id/items/:itemId', async (req) => {
    const { workspaceId, id, user } = await itemTarget(ctx, req);
    const item = await findItem(ctx.db.pool, workspaceId, id);
    if (!item) throw notFound('Item', 'item_not_found');
    await deleteItem(ctx, workspaceId, item, user);
    return { status: 204 };
  }, { summary: 'Delete an item (a folder with everything in it)' });
}

async function itemTarget(ctx: ServerContext, req: RequestContext) {
  const workspaceId = canonicalId(req.params.id!);
  const { user } = await requireRole(ctx, req, workspaceId, 'files.write');
  const id = canonicalId(req.params.itemId!);
  if (!isUuid(id)) throw notFound('Item', 'item_not_found');
  return { workspaceId, id, user };
}
