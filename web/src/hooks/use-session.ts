'use client';
/**
 * The signed-in user, or a redirect to the sign-in page (keeping where the person was going).
 * With no network (not a 401: no answer at all) the last user this browser saw stands in,
 * so the IDE opens offline (lib/offline-cache.ts); `offline` says so.
 */
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../lib/api';
import { ApiError, describeError } from '../lib/errors';
import { setPreferences } from '../lib/preferences-store';
import { forgetStoredDocuments } from '../lib/forget-stored-documents';
import { browserStore, cachedUser, forgetOffline, isNetworkFailure, rememberUser } from '../lib/offline-cache';
import type { User } from '../lib/types';

export function useSession(): { user: User | null; error: string | null; offline: boolean; signOut(): Promise<void> } {
  const router = useRouter();
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);

  useEffect(() => {
    let live = true;
    api.me().then(
      (me) => {
        // Theme and editor options follow the person, from any page (preferences-store.ts).
        setPreferences(me.preferences);
        const store = browserStore();
        if (store) rememberUser(store, me);
        if (live) setUser(me);
      },
      (err: unknown) => {
        if (!live) return;
        const store = browserStore();
        const last = store && isNetworkFailure(err) ? cachedUser(store) : null;
        if (last) {
          // A user cached before preferences existed has none: the page's own (cached) stand.
          if (last.preferences) setPreferences(last.preferences);
          setOffline(true);
          setUser(last);
        } else if (err instanceof ApiError && err.status === 401) {
          const here = window.location.pathname + window.location.search;
          router.replace(here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`);
        } else setError(describeError(err));
      },
    );
    return () => {
      live = false;
    };
  }, [router]);

  const signOut = useCallback(async () => {
    await api.logout().catch(() => undefined);
    if (user) {
      const store = browserStore();
      if (store) forgetOffline(store, user.id);
      await forgetStoredDocuments(user.id);
    }
    router.replace('/login');
  }, [router, user]);

  return { user, error, offline, signOut };
}
