/**
 * Workspaces: create (with a starter file), list (owned and shared), read, rename,
 * delete. Any member reads; editors and the owner rename; only the owner deletes.
 */
import {
  countOwnedWorkspacesLocked,
  deleteWorkspace,
  findWorkspaceForUser,
  inTransaction,
  insertItem,
  insertWorkspace,
  listWorkspacesForUser,
  renameWorkspace,
} from '@tandem/persistence';
import { createWorkspaceBodySchema, DEFAULT_LANGUAGE, renameWorkspaceBodySchema, type WorkspaceEnvelope, type WorkspaceList } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { canonicalId } from '../workspace/names';
import { conflict, HttpError } from '../http/errors';
import type { Router } from '../http/router';
import { toApiWorkspace } from '../workspace/api-shapes';
import { initialDocumentState } from '../workspace/initial-document';
import { starterFile } from '../workspace/starter';
import { requireRole, requireUser } from './require-user';

const workspaceNotFound = () => new HttpError(404, 'workspace_not_found', 'Workspace not found');

export function registerWorkspaceRoutes(router: Router, ctx: ServerContext): void {
  router.get('/api/workspaces', async (req) => {
    const user = await requireUser(ctx, req);
    const rows = await listWorkspacesForUser(ctx.db.pool, user.id);
    return { json: { workspaces: rows.map(toApiWorkspace) } satisfies WorkspaceList };
  }, { summary: 'List the workspaces you own or are a member of' });

  router.post('/api/workspaces', async (req) => {
    const user = await requireUser(ctx, req);
    const body = req.json(createWorkspaceBodySchema);
    const language = body.language ?? DEFAULT_LANGUAGE;
    const starter = starterFile(language);
    const limit = ctx.config.maxWorkspacesPerUser;
    const id = await inTransaction(ctx.db.pool, async (tx) => {
      if ((await countOwnedWorkspacesLocked(tx, user.id)) >= limit) {
        throw conflict('workspace_limit', `You can own at most ${limit} workspaces`);
      }
      const workspaceId = await insertWorkspace(tx, { ownerId: user.id, name: body.name, language });
      await insertItem(tx, {
        workspaceId,
        parentId: null,
        name: starter.name,
        type: 'file',
        path: starter.name,
        content: starter.content,
        yjsState: initialDocumentState(starter.content),
      });
      return workspaceId;
    });
    const row = await findWorkspaceForUser(ctx.db.pool, id, user.id);
    if (!row) throw workspaceNotFound();
    return { status: 201, json: { workspace: toApiWorkspace(row) } satisfies WorkspaceEnvelope };
  }, { summary: 'Create a workspace with a starter file' });

  router.get('/api/workspaces/:id', async (req) => {
    const { user } = await requireRole(ctx, req, canonicalId(req.params.id!), 'workspace.read');
    const row = await findWorkspaceForUser(ctx.db.pool, canonicalId(req.params.id!), user.id);
    if (!row) throw workspaceNotFound();
    return { json: { workspace: toApiWorkspace(row) } satisfies WorkspaceEnvelope };
  }, { summary: 'Read a workspace' });

  router.patch('/api/workspaces/:id', async (req) => {
    const { user } = await requireRole(ctx, req, canonicalId(req.params.id!), 'workspace.rename');
    const body = req.json(renameWorkspaceBodySchema);
    if (!(await renameWorkspace(ctx.db.pool, canonicalId(req.params.id!), body.name))) throw workspaceNotFound();
    const row = await findWorkspaceForUser(ctx.db.pool, canonicalId(req.params.id!), user.id);
    if (!row) throw workspaceNotFound();
    return { json: { workspace: toApiWorkspace(row) } satisfies WorkspaceEnvelope };
  }, { summary: 'Rename a workspace (editors and the owner)' });

  router.delete('/api/workspaces/:id', async (req) => {
    const id = canonicalId(req.params.id!);
    await requireRole(ctx, req, id, 'workspace.delete');
    const { deleted, fileIds } = await deleteWorkspace(ctx.db.pool, id);
    if (!deleted) throw workspaceNotFound();
    for (const itemId of fileIds) ctx.documents.dropItem(itemId);
    ctx.events.emit('workspaceDeleted', id);
    return { status: 204 };
  }, { summary: 'Delete a workspace and everything in it (owner only)' });
}
