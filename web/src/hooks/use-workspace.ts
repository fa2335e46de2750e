'use client';
/**
 * Everything live about one open workspace, from `/ws/<id>`: your role, the file
 * tree, who is here, the environment's status. Terminal frames are not React state
 * (they arrive too often); terminal views subscribe to raw messages instead.
 *
 * After every (re)connect the tree is fetched again, since events sent while the
 * socket was down are gone; events that arrive while that fetch is in flight are
 * replayed on top of its answer.
 *
 * The last tree and role are kept per user and workspace (lib/offline-cache.ts) and
 * shown until the socket opens, so the workspace comes up offline with its files
 * (editable for an editor: the edits wait in the browser, docs/connection.md).
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';
import { browserStore, cachedWorkspace, rememberWorkspace } from '../lib/offline-cache';
import { applyTreeChange } from '../lib/tree';
import type { AccessRole, ClientMessage, EnvStatusMessage, PresenceUser, ServerMessage, TreeChange } from '@tandem/protocol';
import type { Item } from '../lib/types';
import { WorkspaceSocket, type SocketState } from '../lib/workspace-socket';

/** The environment as the last `env.status` described it. */
export type EnvState = Omit<EnvStatusMessage, 'type'>;

export interface WorkspaceState {
  role: AccessRole | null;
  items: Item[] | null;
  presence: PresenceUser[];
  env: EnvState;
  socket: SocketState;
  problem: string | null;
  /** Whether `items` came from the server on this page (not from the offline cache). */
  fresh: boolean;
}

type Action =
  | { type: 'message'; message: ServerMessage }
  | { type: 'items'; items: Item[] }
  | { type: 'cached'; items: Item[]; role: AccessRole | null }
  | { type: 'socket'; state: SocketState; reason?: string }
  | { type: 'problem'; problem: string };

const initial: WorkspaceState = { role: null, items: null, presence: [], env: { status: 'stopped' }, socket: 'connecting', problem: null, fresh: false };

function reduce(state: WorkspaceState, action: Action): WorkspaceState {
  switch (action.type) {
    case 'items':
      return { ...state, items: action.items, fresh: true };
    case 'cached':
      // Only what the server has not said yet: a live answer always wins over the cache.
      return { ...state, items: state.items ?? action.items, role: state.role ?? action.role };
    case 'socket':
      return { ...state, socket: action.state, problem: action.state === 'closed' ? (action.reason ?? 'Disconnected') : state.problem };
    case 'problem':
      return { ...state, problem: action.problem };
    case 'message': {
      const m = action.message;
      if (m.type === 'hello') return { ...state, role: m.role };
      if (m.type === 'presence') return { ...state, presence: m.users };
      if (m.type === 'env.status') return { ...state, env: { status: m.status, reason: m.reason, skipped: m.skipped } };
      if (m.type === 'tree' && state.items) return { ...state, items: applyTreeChange(state.items, m.change) };
      return state;
    }
  }
}

export type MessageListener = (message: ServerMessage) => void;

/** `userId`: whose cache to show and keep (none: no cache, as for a review's read-only view). */
export function useWorkspace(workspaceId: string, userId?: string) {
  const [state, dispatch] = useReducer(reduce, initial);
  const socketRef = useRef<WorkspaceSocket | null>(null);
  const listeners = useRef(new Set<MessageListener>());

  useEffect(() => {
    const store = browserStore();
    const cached = store && userId ? cachedWorkspace(store, userId, workspaceId) : null;
    if (cached) dispatch({ type: 'cached', ...cached });
  }, [workspaceId, userId]);

  // Keep what the server said (a cached answer written back is the same answer).
  const { items, role, socket } = state;
  useEffect(() => {
    const store = browserStore();
    if (store && userId && items && socket === 'open') rememberWorkspace(store, userId, workspaceId, { items, role });
  }, [workspaceId, userId, items, role, socket]);

  useEffect(() => {
    let live = true;
    let inFlight: TreeChange[] | null = null;
    const refresh = () => {
      inFlight = [];
      api.listItems(workspaceId).then(
        (items) => {
          if (!live) return;
          const replay = inFlight ?? [];
          inFlight = null;
          dispatch({ type: 'items', items: replay.reduce(applyTreeChange, items) });
        },
        (err: unknown) => live && dispatch({ type: 'problem', problem: describeError(err) }),
      );
    };
    const socket = new WorkspaceSocket(workspaceId, {
      message(message) {
        if (!live) return;
        if (message.type === 'tree' && inFlight) inFlight.push(message.change);
        dispatch({ type: 'message', message });
        for (const listener of listeners.current) listener(message);
      },
      state(s, reason) {
        if (!live) return;
        dispatch({ type: 'socket', state: s, reason });
        if (s === 'open') refresh();
      },
    });
    socketRef.current = socket;
    return () => {
      live = false;
      socket.close();
      socketRef.current = null;
    };
  }, [workspaceId]);

  const send = useCallback((message: ClientMessage) => socketRef.current?.send(message) ?? false, []);
  const subscribe = useCallback((listener: MessageListener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);

  return { ...state, send, subscribe };
}
