/**
 * Who may do what in a workspace, asked of PostgreSQL every time. Nothing is cached:
 * a removed member must lose access at once, and one indexed lookup per request or
 * socket upgrade is cheap next to the work it guards.
 */
import { findItem, findWorkspaceRole, type Database } from '@tandem/persistence';
import { isUuid } from './api/require-user';
import type { Access, ItemRef, Role } from './context';

export function createAccess(db: Database): Access {
  return {
    async roleFor(workspaceId: string, userId: string): Promise<Role | null> {
      // Not a UUID: names no workspace, and PostgreSQL would reject the cast.
      if (!isUuid(workspaceId) || !isUuid(userId)) return null;
      return findWorkspaceRole(db.pool, workspaceId, userId);
    },
    async item(workspaceId: string, itemId: string): Promise<ItemRef | null> {
      if (!isUuid(workspaceId) || !isUuid(itemId)) return null;
      const row = await findItem(db.pool, workspaceId, itemId);
      return row ? { id: row.id, workspaceId: row.workspaceId, type: row.type, path: row.path } : null;
    },
  };
}
