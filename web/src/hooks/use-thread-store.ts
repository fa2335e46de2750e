'use client';
/**
 * One ThreadStore per workspace page (or review page): kept live from the page's `/ws`
 * socket, listed again each time it opens (a reconnect lost what was sent meanwhile).
 * Drafts waiting to be saved go out with keepalive when the page is left.
 */
import { useEffect, useState } from 'react';
import type { ServerMessage } from '@tandem/protocol';
import { ThreadStore } from '../editor/threads/thread-store';
import { threadApi } from '../lib/thread-api';
import type { SocketState } from '../lib/workspace-socket';

export function useThreadStore(workspaceId: string, reviewId: string | null, socket: SocketState, subscribe: (l: (m: ServerMessage) => void) => () => void): ThreadStore {
  const [store] = useState(
    () =>
      new ThreadStore({
        reviewId,
        list: () => threadApi.listAll(workspaceId, reviewId ? { reviewId } : {}),
        listDrafts: () => threadApi.listDrafts(workspaceId),
        putDraft: (key, body, keepalive) => threadApi.putDraft(workspaceId, key, body, keepalive),
        deleteDraft: (key) => threadApi.deleteDraft(workspaceId, key),
      }),
  );

  useEffect(
    () =>
      subscribe((m) => {
        if (m.type === 'thread') store.upsert(m.thread);
        else if (m.type === 'thread.deleted') store.remove(m.threadId);
      }),
    [store, subscribe],
  );
  useEffect(() => {
    if (socket === 'open') void store.refresh().catch(() => undefined);
  }, [socket, store]);
  useEffect(() => {
    const leave = () => store.draftSaver.flush(undefined, true);
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [store]);
  return store;
}
