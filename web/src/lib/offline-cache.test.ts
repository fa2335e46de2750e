import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { cachedUser, cachedWorkspace, forgetOffline, isNetworkFailure, rememberUser, rememberWorkspace, type KeyValueStore } from './offline-cache';

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
  };
}

const alice = { id: 'u-alice', username: 'alice' } as never;
const bob = { id: 'u-bob', username: 'bob' } as never;
const items = [{ id: 'i1', parentId: null, name: 'main.py', type: 'file' as const, path: 'main.py' }];

describe('offline cache', () => {
  it('tells a network failure from an answer of the server', () => {
    expect(isNetworkFailure(new TypeError('Failed to fetch'))).toBe(true);
    expect(isNetworkFailure(new ApiError(401, 'unauthenticated', 'Sign in'))).toBe(false);
    expect(isNetworkFailure(new ApiError(500, 'internal', 'Oops'))).toBe(false);
    expect(isNetworkFailure(new Error('other'))).toBe(false);
  });

  it('keeps the last user and each user’s own tree and role', () => {
    const store = memoryStore();
    expect(cachedUser(store)).toBeNull();
    rememberUser(store, alice);
    expect(cachedUser(store)).toEqual(alice);
    rememberWorkspace(store, 'u-alice', 'w1', { items, role: 'owner' });
    expect(cachedWorkspace(store, 'u-alice', 'w1')).toEqual({ items, role: 'owner' });
    // Another person on the same browser never gets Alice's tree.
    expect(cachedWorkspace(store, 'u-bob', 'w1')).toBeNull();
    expect(cachedWorkspace(store, 'u-alice', 'w2')).toBeNull();
  });

  it('ignores what it cannot read', () => {
    const store = memoryStore();
    store.setItem('tandem.offline.user', '{not json');
    store.setItem('tandem.offline.workspace:u-alice:w1', '{"items":"nope"}');
    expect(cachedUser(store)).toBeNull();
    expect(cachedWorkspace(store, 'u-alice', 'w1')).toBeNull();
  });

  it('forgets one user’s caches on sign-out, leaving another’s', () => {
    const store = memoryStore();
    rememberUser(store, alice);
    rememberWorkspace(store, 'u-alice', 'w1', { items, role: 'owner' });
    rememberWorkspace(store, 'u-alice', 'w2', { items, role: 'editor' });
    rememberWorkspace(store, 'u-bob', 'w1', { items, role: 'editor' });
    store.setItem('tandem.theme', 'dark');
    forgetOffline(store, 'u-alice');
    expect(cachedUser(store)).toBeNull();
    expect([...store.map.keys()].sort()).toEqual(['tandem.offline.workspace:u-bob:w1', 'tandem.theme']);
    rememberUser(store, bob);
    forgetOffline(store, 'u-alice');
    expect(cachedUser(store)).toEqual(bob);
  });

  it('survives a store that refuses writes', () => {
    const store = memoryStore();
    store.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    expect(() => rememberUser(store, alice)).not.toThrow();
    expect(cachedUser(store)).toBeNull();
  });
});
