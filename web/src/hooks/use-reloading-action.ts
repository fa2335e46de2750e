'use client';

import { useCallback } from 'react';
import { describeError } from '../lib/errors';

/**
 * Runs a user action (add a member, create a workspace...), then reloads the list it
 * changed; a failure is shown through `setError` instead, the list left as it was.
 */
export function useReloadingAction(reload: () => Promise<unknown>, setError: (message: string | null) => void) {
  return useCallback(
    async (action: () => Promise<unknown>) => {
      setError(null);
      try {
        await action();
        await reload();
      } catch (err) {
        setError(describeError(err));
      }
    },
    [reload, setError],
  );
}
