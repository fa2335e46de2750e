/** The side panel's filters and rows: every thread of the workspace or the review, in file and line order. */
import type { Thread } from '@tandem/protocol';

export const THREAD_FILTERS = ['all', 'open', 'resolved', 'mine', 'orphaned'] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number];

export function matchesFilter(thread: Thread, filter: ThreadFilter, userId: string): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'open':
      return !thread.resolved;
    case 'resolved':
      return thread.resolved;
    case 'mine':
      return thread.author?.id === userId;
    case 'orphaned':
      return thread.state === 'orphaned' || thread.state === 'file-level';
  }
}

export interface ThreadRow {
  id: string;
  path: string;
  itemId: string;
  line: number | null;
  state: Thread['state'];
  resolved: boolean;
  author: string;
  first: string;
}

/** The opening comment, shortened for a row ('deleted' when it was). */
function firstComment(thread: Thread): string {
  const c = thread.comments[0];
  if (!c) return '';
  if (c.deleted) return 'deleted';
  return c.body.length > 120 ? `${c.body.slice(0, 119)}…` : c.body;
}

export function threadRows(threads: readonly Thread[], filter: ThreadFilter, userId: string): ThreadRow[] {
  return threads
    .filter((t) => matchesFilter(t, filter, userId))
    .map((t) => ({ id: t.id, path: t.path, itemId: t.itemId, line: t.startLine, state: t.state, resolved: t.resolved, author: t.author?.username ?? 'someone', first: firstComment(t) }))
    .sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0));
}
