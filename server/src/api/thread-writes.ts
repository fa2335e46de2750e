/** The two steps every thread write shares: lock the thread it changes, and announce the change on the thread channel. */
import { encodeThreadNotice, lockThread, notifyChannel, THREAD_CHANNEL, type ThreadRow, type Transaction } from '@tandem/persistence';
import { threadNotFound } from './thread-errors';

/** The thread, locked for the transaction, or 404 `thread_not_found`. */
export async function lockedThread(tx: Transaction, workspaceId: string, threadId: string): Promise<ThreadRow> {
  const row = await lockThread(tx, workspaceId, threadId);
  if (!row) throw threadNotFound();
  return row;
}

/** Announces the change (threads/thread-feed.ts pushes it on `/ws`); delivered when, and only if, the transaction commits. */
export function announce(tx: Transaction, kind: 'thread' | 'deleted', workspaceId: string, threadId: string): Promise<void> {
  return notifyChannel(tx, THREAD_CHANNEL, encodeThreadNotice({ kind, workspaceId, threadId }));
}
