'use client';
/**
 * The tree's one line of news: an error that says what failed, or a short note
 * ("Copied src/a.py"). It goes by itself after a few seconds, or when the next action
 * succeeds, so a stale error never sits beside a tree that has moved on.
 */
import { useCallback, useEffect, useState } from 'react';

export interface TreeStatus {
  kind: 'error' | 'note';
  text: string;
  /** Tells two equal messages apart, so a repeated error restarts its timer. */
  seq: number;
}

const LINGER_MS = { error: 8000, note: 3000 } as const;

export function useTreeStatus() {
  const [status, setStatus] = useState<TreeStatus | null>(null);
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), LINGER_MS[status.kind]);
    return () => clearTimeout(timer);
  }, [status]);
  const fail = useCallback((text: string) => setStatus((s) => ({ kind: 'error', text, seq: (s?.seq ?? 0) + 1 })), []);
  const note = useCallback((text: string) => setStatus((s) => ({ kind: 'note', text, seq: (s?.seq ?? 0) + 1 })), []);
  const clear = useCallback(() => setStatus(null), []);
  return { status, fail, note, clear };
}
