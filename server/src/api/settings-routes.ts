/**
 * A workspace's settings: any member (or its assigned reviewer) reads them, so the IDE
 * knows what Run will type; only the owner replaces them. The run commands are one line
 * each, and run only in a terminal someone who may run opened, so storing them needs no
 * more trust than typing them.
 */
import { findRunCommands, storeRunCommands } from '@tandem/persistence';
import { DEFAULT_RUN_COMMANDS, workspaceSettingsBodySchema, type WorkspaceSettingsEnvelope } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { HttpError } from '../http/errors';
import type { Router } from '../http/router';
import { canonicalId } from '../workspace/names';
import { requireRole } from './require-user';

const workspaceNotFound = () => new HttpError(404, 'workspace_not_found', 'Workspace not found');

const envelope = (stored: Record<string, string> | null): WorkspaceSettingsEnvelope => ({
  settings: { runCommands: stored ?? { ...DEFAULT_RUN_COMMANDS } },
  defaults: stored === null,
});

export function registerSettingsRoutes(router: Router, ctx: ServerContext): void {
  router.get('/api/workspaces/:id/settings', async (req) => {
    const id = canonicalId(req.params.id!);
    await requireRole(ctx, req, id, 'workspace.read');
    const stored = await findRunCommands(ctx.db.pool, id);
    if (stored === undefined) throw workspaceNotFound();
    return { json: envelope(stored) };
  }, { summary: "Read a workspace's settings" });

  router.put('/api/workspaces/:id/settings', async (req) => {
    const id = canonicalId(req.params.id!);
    await requireRole(ctx, req, id, 'workspace.configure');
    const body = req.json(workspaceSettingsBodySchema);
    if (!(await storeRunCommands(ctx.db.pool, id, body.runCommands))) throw workspaceNotFound();
    return { json: envelope(body.runCommands) };
  }, { summary: "Replace a workspace's settings (owner only)" });
}
