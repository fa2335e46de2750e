'use client';
/** The signed-in user, or a redirect to the sign-in page (keeping where the person was going). */
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../lib/api';
import { ApiError, describeError } from '../lib/errors';
import { setPreferences } from '../lib/preferences-store';
import { forgetStoredDocuments } from '../lib/forget-stored-documents';
import type { User } from '../lib/types';

export function useSession(): { user: User | null; error: string | null; signOut(): Promise<void> } {
  const router = useRouter();
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.me().then(
      (me) => {
        // Theme and editor options follow the person, from any page (preferences-store.ts).
        setPreferences(me.preferences);
        if (live) setUser(me);
      },
      (err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) {
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
    if (user) await forgetStoredDocuments(user.id);
    router.replace('/login');
  }, [router, user]);

  return { user, error, signOut };
}
