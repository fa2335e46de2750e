/**
 * The HTTP API (DESIGN.md "Endpoints") as typed functions. Cookie session: the
 * browser sends the cookie and, on POST/PATCH/DELETE, the Origin the server checks.
 */
import type {
  CreateReviewBody, ErrorBody, ItemEnvelope, ItemList, ItemType, MemberEnvelope, MemberList, NotificationList, NotificationRead, ReviewAction,
  ReviewChanges, ReviewEnvelope, ReviewerList, ReviewEventList, ReviewList, ReviewListQuery, Role, UnreadCount, UserEnvelope, WorkspaceEnvelope,
  WorkspaceList, CreatedToken, TokenList, UpdateMeBody,
} from '@tandem/protocol';
import type { ChangesSince } from './changes-since';
import { ApiError } from './errors';

export async function call<T>(method: string, path: string, body?: unknown, init: { keepalive?: boolean } = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    keepalive: init.keepalive,
  });
  if (res.status === 204) return undefined as T;
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    // Not necessarily ours: a proxy in between may answer with another body, or none.
    const error = (json as Partial<ErrorBody> | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${res.status}`, error?.details);
  }
  return json as T;
}

const ws = (id: string) => `/api/workspaces/${encodeURIComponent(id)}`;
const review = (id: string) => `/api/reviews/${encodeURIComponent(id)}`;

/** A query string of the set values only (`?a=1&b=x`, or '' when none is). */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type ReviewFilter = Partial<Omit<ReviewListQuery, 'limit'>> & { limit?: number };

export const api = {
  me: () => call<UserEnvelope>('GET', '/api/auth/me').then((r) => r.user),
  login: (username: string, password: string) =>
    call<UserEnvelope>('POST', '/api/auth/login', { username, password }).then((r) => r.user),
  register: (username: string, email: string, password: string) =>
    call<UserEnvelope>('POST', '/api/auth/register', { username, email, password }).then((r) => r.user),
  logout: () => call<void>('POST', '/api/auth/logout'),

  listWorkspaces: () => call<WorkspaceList>('GET', '/api/workspaces').then((r) => r.workspaces),
  getWorkspace: (id: string) => call<WorkspaceEnvelope>('GET', ws(id)).then((r) => r.workspace),
  createWorkspace: (name: string, language: string) =>
    call<WorkspaceEnvelope>('POST', '/api/workspaces', { name, language }).then((r) => r.workspace),
  renameWorkspace: (id: string, name: string) =>
    call<WorkspaceEnvelope>('PATCH', ws(id), { name }).then((r) => r.workspace),
  deleteWorkspace: (id: string) => call<void>('DELETE', ws(id)),

  listMembers: (id: string) => call<MemberList>('GET', `${ws(id)}/members`).then((r) => r.members),
  addMember: (id: string, username: string, role: Role) =>
    call<MemberEnvelope>('POST', `${ws(id)}/members`, { username, role }).then((r) => r.member),
  changeRole: (id: string, userId: string, role: Role) =>
    call<MemberEnvelope>('PATCH', `${ws(id)}/members/${userId}`, { role }).then((r) => r.member),
  removeMember: (id: string, userId: string) => call<void>('DELETE', `${ws(id)}/members/${userId}`),

  listItems: (id: string) => call<ItemList>('GET', `${ws(id)}/items`).then((r) => r.items),
  createItem: (id: string, parentId: string | null, name: string, type: ItemType) =>
    call<ItemEnvelope>('POST', `${ws(id)}/items`, { parentId, name, type }).then((r) => r.item),
  updateItem: (id: string, itemId: string, change: { name?: string; parentId?: string | null }) =>
    call<ItemEnvelope>('PATCH', `${ws(id)}/items/${itemId}`, change).then((r) => r.item),
  deleteItem: (id: string, itemId: string) => call<void>('DELETE', `${ws(id)}/items/${itemId}`),

  updateMe: (change: UpdateMeBody) => call<UserEnvelope>('PATCH', '/api/users/me', change).then((r) => r.user),
  changePassword: (currentPassword: string, newPassword: string) => call<void>('POST', '/api/users/me/password', { currentPassword, newPassword }),
  listTokens: () => call<TokenList>('GET', '/api/tokens').then((r) => r.tokens),
  createToken: (name: string) => call<CreatedToken>('POST', '/api/tokens', { name }),
  revokeToken: (id: string) => call<void>('DELETE', `/api/tokens/${encodeURIComponent(id)}`),

  requestReview: (workspaceId: string, body: CreateReviewBody) =>
    call<ReviewEnvelope>('POST', `${ws(workspaceId)}/reviews`, body).then((r) => r.review),
  listReviews: (filter: ReviewFilter) => call<ReviewList>('GET', `/api/reviews${queryString(filter)}`),
  getReview: (id: string) => call<ReviewEnvelope>('GET', review(id)).then((r) => r.review),
  transitionReview: (id: string, action: ReviewAction, note: string) =>
    call<ReviewEnvelope>('POST', `${review(id)}/transitions`, { action, note }).then((r) => r.review),
  reviewEvents: (id: string) => call<ReviewEventList>('GET', `${review(id)}/events`).then((r) => r.events),
  reviewChanges: (id: string, since: ChangesSince) => call<ReviewChanges>('GET', `${review(id)}/changes${queryString({ since })}`),
  listReviewers: (filter: { q?: string; level?: number; cursor?: string; limit?: number }) =>
    call<ReviewerList>('GET', `/api/reviewers${queryString(filter)}`),

  listNotifications: (filter: { cursor?: string; limit?: number; unread?: boolean } = {}) =>
    call<NotificationList>('GET', `/api/notifications${queryString(filter)}`),
  markNotificationRead: (id: string) =>
    call<NotificationRead>('POST', `/api/notifications/${encodeURIComponent(id)}/read`),
  markAllNotificationsRead: () => call<UnreadCount>('POST', '/api/notifications/read-all'),
};
