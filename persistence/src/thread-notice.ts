/**
 * The payload of the thread channel (`tandem_threads`): which thread of which workspace
 * changed, so every replica can push it to its own `/ws` sockets of that workspace
 * (server/src/threads/thread-feed.ts). Sent by the transaction that made the change, so
 * it arrives when, and only if, the change committed. Pure.
 *
 *   1;thread;<workspaceId>;<threadId>    created or changed (re-read it)
 *   1;deleted;<workspaceId>;<threadId>   deleted
 *
 * `1` is the format version: anything else decodes to null (ignored: a newer replica's).
 */

export const THREAD_CHANNEL = 'tandem_threads';

export interface ThreadNotice {
  kind: 'thread' | 'deleted';
  workspaceId: string;
  threadId: string;
}

export function encodeThreadNotice(notice: ThreadNotice): string {
  return `1;${notice.kind};${notice.workspaceId};${notice.threadId}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const NOTICE = new RegExp(`^1;(thread|deleted);(${UUID});(${UUID})$`);

export function decodeThreadNotice(payload: string): ThreadNotice | null {
  const m = NOTICE.exec(payload);
  return m ? { kind: m[1] as ThreadNotice['kind'], workspaceId: m[2]!, threadId: m[3]! } : null;
}
