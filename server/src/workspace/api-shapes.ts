/**
 * Database rows as the API answers them: `Workspace`, `Member` and `Item` of
 * @tandem/protocol (protocol/src/http/), whose schemas the OpenAPI document is
 * generated from. Rows carry epoch milliseconds; the API speaks ISO 8601.
 */
import type { ItemRow, MemberRow, WorkspaceRow } from '@tandem/persistence';
import type { Item, Language, Member, Workspace } from '@tandem/protocol';

const iso = (ms: number) => new Date(ms).toISOString();

export function toApiWorkspace(row: WorkspaceRow): Workspace {
  return {
    id: row.id,
    name: row.name,
    // The column is free text, but only the API writes it, and only these.
    language: row.language as Language,
    role: row.role,
    owner: { id: row.ownerId, username: row.ownerUsername },
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    lastActivityAt: iso(row.lastActivityAt),
  };
}

export function toApiMember(row: MemberRow): Member {
  return { userId: row.userId, username: row.username, role: row.role, addedAt: iso(row.addedAt) };
}

export function toApiItem(row: ItemRow): Item {
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    type: row.type,
    path: row.path,
    ...(row.type === 'file' && row.size !== null ? { size: row.size } : {}),
    updatedAt: iso(row.updatedAt),
  };
}
