/**
 * The JSON the API answers for workspaces, members and items (DESIGN.md, "Endpoints").
 * Database rows carry epoch milliseconds; the API speaks ISO 8601.
 */
import type { ItemRow, MemberRow, WorkspaceRow } from '@tandem/persistence';
import type { Role } from '../context';
import type { TreeItem } from '../events';

const iso = (ms: number) => new Date(ms).toISOString();

export interface ApiWorkspace {
  id: string;
  name: string;
  language: string;
  role: Role;
  owner: { id: string; username: string };
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
}

export function toApiWorkspace(row: WorkspaceRow): ApiWorkspace {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    role: row.role,
    owner: { id: row.ownerId, username: row.ownerUsername },
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    lastActivityAt: iso(row.lastActivityAt),
  };
}

export interface ApiMember {
  userId: string;
  username: string;
  role: Role;
  addedAt: string;
}

export function toApiMember(row: MemberRow): ApiMember {
  return { userId: row.userId, username: row.username, role: row.role, addedAt: iso(row.addedAt) };
}

export interface ApiItem extends TreeItem {
  /** Bytes of a file's text. */
  size?: number;
  updatedAt: string;
}

export function toApiItem(row: ItemRow): ApiItem {
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
