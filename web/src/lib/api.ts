/**
 * The HTTP API (DESIGN.md "Endpoints") as typed functions. Cookie session: the
 * browser sends the cookie and, on POST/PATCH/DELETE, the Origin the server checks.
 */
import { ApiError } from './errors';
import type { Item, Member, Role, User, Workspace } from './types';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${res.status}`);
  }
  return json as T;
}

const ws = (id: string) => `/api/workspaces/${encodeURIComponent(id)}`;

export const api = {
  me: () => call<{ user: User }>('GET', '/api/auth/me').then((r) => r.user),
  login: (username: string, password: string) =>
    call<{ user: User }>('POST', '/api/auth/login', { username, password }).then((r) => r.user),
  register: (username: string, email: string, password: string) =>
    call<{ user: User }>('POST', '/api/auth/register', { username, email, password }).then((r) => r.user),
  logout: () => call<void>('POST', '/api/auth/logout'),

  listWorkspaces: () => call<{ workspaces: Workspace[] }>('GET', '/api/workspaces').then((r) => r.workspaces),
  getWorkspace: (id: string) => call<{ workspace: Workspace }>('GET', ws(id)).then((r) => r.workspace),
  createWorkspace: (name: string, language: string) =>
    call<{ workspace: Workspace }>('POST', '/api/workspaces', { name, language }).then((r) => r.workspace),
  renameWorkspace: (id: string, name: string) =>
    call<{ workspace: Workspace }>('PATCH', ws(id), { name }).then((r) => r.workspace),
  deleteWorkspace: (id: string) => call<void>('DELETE', ws(id)),

  listMembers: (id: string) => call<{ members: Member[] }>('GET', `${ws(id)}/members`).then((r) => r.members),
  addMember: (id: string, username: string, role: Role) =>
    call<{ member: Member }>('POST', `${ws(id)}/members`, { username, role }).then((r) => r.member),
  changeRole: (id: string, userId: string, role: Role) =>
    call<{ member: Member }>('PATCH', `${ws(id)}/members/${userId}`, { role }).then((r) => r.member),
  removeMember: (id: string, userId: string) => call<void>('DELETE', `${ws(id)}/members/${userId}`),

  listItems: (id: string) => call<{ items: Item[] }>('GET', `${ws(id)}/items`).then((r) => r.items),
  createItem: (id: string, parentId: string | null, name: string, type: Item['type']) =>
    call<{ item: Item }>('POST', `${ws(id)}/items`, { parentId, name, type }).then((r) => r.item),
  updateItem: (id: string, itemId: string, change: { name?: string; parentId?: string | null }) =>
    call<{ item: Item }>('PATCH', `${ws(id)}/items/${itemId}`, change).then((r) => r.item),
  deleteItem: (id: string, itemId: string) => call<void>('DELETE', `${ws(id)}/items/${itemId}`),
};
