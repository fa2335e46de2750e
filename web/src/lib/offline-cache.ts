/**
 * What the IDE needs to come up with no server (docs/connection.md "Opening the IDE
 * offline"): the last signed-in user of this browser, and per user and workspace the
 * last file tree and role the workspace socket gave. The files themselves are kept by
 * stored-document.ts. Every key carries the user id, so one person's cached tree is
 * never shown to another signed in on the same browser; signing out forgets them all.
 */
import type { AccessRole } from '@tandem/protocol';
import { ApiError } from './errors';
import type { Item, User } from './types';

/** The part of Storage these functions use (localStorage in the browser, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

const USER_KEY = 'tandem.offline.user';
const workspacePrefix = (userId: string) => `tandem.offline.workspace:${userId}:`;
export const workspaceKey = (userId: string, workspaceId: string) => `${workspacePrefix(userId)}${workspaceId}`;

export interface WorkspaceSnapshot {
  items: Item[];
  role: AccessRole | null;
}

/**
 * A failure that says nothing about the session: the request never got an answer
 * (fetch rejects with a TypeError offline). A 401 or any other answer is the server
 * speaking, and is believed.
 */
export function isNetworkFailure(error: unknown): boolean {
  return !(error instanceof ApiError) && error instanceof TypeError;
}

/** Quota or privacy mode may refuse a write; the cache is a convenience, never a reason to fail. */
function tryWrite(store: KeyValueStore, key: string, value: unknown): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    /* not cached this time */
  }
}

function tryRead(store: KeyValueStore, key: string): unknown {
  try {
    const text = store.getItem(key);
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

export function rememberUser(store: KeyValueStore, user: User): void {
  tryWrite(store, USER_KEY, user);
}

export function cachedUser(store: KeyValueStore): User | null {
  const user = tryRead(store, USER_KEY) as Partial<User> | null;
  return user && typeof user.id === 'string' && typeof user.username === 'string' ? (user as User) : null;
}

export function rememberWorkspace(store: KeyValueStore, userId: string, workspaceId: string, snapshot: WorkspaceSnapshot): void {
  tryWrite(store, workspaceKey(userId, workspaceId), snapshot);
}

export function cachedWorkspace(store: KeyValueStore, userId: string, workspaceId: string): WorkspaceSnapshot | null {
  const snapshot = tryRead(store, workspaceKey(userId, workspaceId)) as Partial<WorkspaceSnapshot> | null;
  if (!snapshot || !Array.isArray(snapshot.items)) return null;
  return { items: snapshot.items, role: snapshot.role ?? null };
}

/** Sign-out: this user's trees, and the last user if it was them. */
export function forgetOffline(store: KeyValueStore, userId: string): void {
  const prefix = workspacePrefix(userId);
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
  if (cachedUser(store)?.id === userId) store.removeItem(USER_KEY);
}

/** localStorage when there is one (not during the static export's prerender). */
export function browserStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
