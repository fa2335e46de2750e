/**
 * Creates the workspace an import plan describes, in one transaction: the workspace,
 * then its folders (parents first) and files with their documents' initial state. A
 * failure anywhere (the workspace limit, the database) leaves nothing behind.
 */
import { countOwnedWorkspacesLocked, inTransaction, insertItem, insertWorkspace } from '@tandem/persistence';
import { DEFAULT_LANGUAGE } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { conflict } from '../http/errors';
import { initialDocumentState } from '../workspace/initial-document';
import type { ImportPlan } from './import-plan';

export async function createImportedWorkspace(ctx: ServerContext, ownerId: string, name: string, plan: ImportPlan): Promise<string> {
  const limit = ctx.config.maxWorkspacesPerUser;
  return inTransaction(ctx.db.pool, async (tx) => {
    if ((await countOwnedWorkspacesLocked(tx, ownerId)) >= limit) throw conflict('workspace_limit', `You can own at most ${limit} workspaces`);
    const workspaceId = await insertWorkspace(tx, { ownerId, name, language: DEFAULT_LANGUAGE });
    const ids = new Map<string, string>();
    const parentOf = (path: string) => {
      const at = path.lastIndexOf('/');
      return at < 0 ? null : ids.get(path.slice(0, at))!;
    };
    const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
    for (const path of plan.folders) {
      const row = await insertItem(tx, { workspaceId, parentId: parentOf(path), name: nameOf(path), type: 'folder', path });
      ids.set(path, row.id);
    }
    for (const file of plan.files) {
      await insertItem(tx, {
        workspaceId,
        parentId: parentOf(file.path),
        name: nameOf(file.path),
        type: 'file',
        path: file.path,
        content: file.content,
        yjsState: initialDocumentState(file.content),
      });
    }
    return workspaceId;
  });
}
