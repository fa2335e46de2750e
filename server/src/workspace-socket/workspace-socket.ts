/**
 * `/ws/<workspaceId>`: one JSON socket per open workspace (docs/protocols.md, "the
 * workspace socket"). This file is the uWebSockets.js adapter: upgrade with auth,
 * frames in, read once (`@tandem/protocol`'s `parseClientMessage`), one handler per
 * message type, and the events that push to sockets.
 *
 * - A Host the server is not configured for: 4421 (DNS rebinding), before anything else.
 * - Auth: session cookie, `Authorization: Bearer`, or `?token=`. None: 4401. A cookie
 *   upgrade from a foreign Origin: 4403 (cross-site WebSocket hijacking).
 * - An unknown workspace closes with 4403, exactly like one the user is not a member
 *   of, so workspace ids cannot be probed (as the HTTP API answers 404 for both).
 * - `hello` is always the first message; presence follows (coalesced); `tree` pushes.
 * - Binary frames and malformed JSON: 4400. Unknown `type` or a bad field: an error reply
 *   (`unknown_type`, `invalid_message`), the socket stays.
 *   Over MAX_MESSAGE_BYTES: 4413; frames beyond 4x that are cut off by uWS itself (1009).
 *   Over the rate limit: an error reply `rate_limited`, the message is dropped.
 * - Every socket is beaten (`heartbeat` and a ping) and closed with 4408 when silent
 *   for SILENT_CLIENT_MS (ws/heartbeat-sweep.ts; BEAT-1 to BEAT-4).
 * - Removed from the workspace: 4403. Workspace deleted: 4404. Server stopping: 4503.
 *   A role change re-sends `hello` with the new role.
 */
import { randomUUID } from 'node:crypto';
import { CloseCode, closeCodeName, HEARTBEAT_JSON, parseClientMessage, type ClientMessageType, type Ref, type ServerMessage } from '@tandem/protocol';
import { CredentialEpochs, recheckCredentials, type CredentialHolder } from '../auth/credential-recheck';
import { can } from '../auth/policy';
import type { Credentials, Role, ServerContext } from '../context';
import { isUuid } from '../api/require-user';
import type { TemplatedApp, WebSocket } from '../uws';
import { requireSocketAccess, UpgradeRefused, type UpgradeRequest } from '../ws/upgrade-request';
import { admit, markGateClosed, passGate, upgradeNow, type Gated } from '../ws/admission';
import type { Pulse } from '../ws/heartbeat-sweep';
import { socketHeartbeats } from '../ws/socket-heartbeats';
import { focusHandler, type MessageHandler } from './handlers';
import { Rooms } from './rooms';
import { WorkspaceSession, type SocketPort } from './session';
import { Listeners } from '../listeners';

export type { MessageHandler } from './handlers';
export type { WorkspaceSession } from './session';

export const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const RATE_PER_SECOND = 100;
const RATE_BURST = 200;
const PRESENCE_DELAY_MS = 30;
const IDLE_TIMEOUT_S = 60;

interface Admitted {
  workspaceId: string;
  user: { id: string; username: string };
  role: Role;
  /** Membership epoch of the workspace when the decision was taken (see `recheckIfStale`). */
  epoch: number;
  /** What the socket was admitted with, re-checked when the user's credentials change. */
  credentials: Credentials;
  /** The count of credential changes when the decision began (auth/credential-recheck.ts). */
  credentialEpoch: number;
}
type UserData = Gated<Admitted> & { session?: WorkspaceSession; pulse?: Pulse };

export interface WorkspaceSocket {
  /** Adds (or replaces) the handler of a client message `type`: the one place that type is answered. */
  handle<T extends ClientMessageType>(type: T, handler: MessageHandler<T>): void;
  sendToWorkspace(workspaceId: string, message: ServerMessage): void;
  /** False when no such session is open. */
  sendToSession(sessionId: string, message: ServerMessage): boolean;
  sessions(workspaceId: string): WorkspaceSession[];
  onSessionOpen(listener: (session: WorkspaceSession) => void): () => void;
  onSessionClose(listener: (session: WorkspaceSession) => void): () => void;
  /**
   * A session whose client is connected to another replica, which forwards its
   * terminal, environment and language messages here, the owner of the workspace's
   * environment (replicas/forwarding.ts). It gets what a socket's session gets from the
   * handlers and from `sendToWorkspace`, but takes no part in presence or tree events:
   * the replica the client is on sends those.
   */
  adopt(workspaceId: string, user: { id: string; username: string }, role: Role, port: SocketPort): AdoptedSession;
  /** Closes every socket with 4503 and refuses new ones. */
  close(): void;
}

export interface AdoptedSession {
  readonly session: WorkspaceSession;
  /** One frame the client sent (as text), read and answered as on the socket. */
  deliver(text: string): void;
  /** The link closed on its own. */
  ended(code: number): void;
}

export function registerWorkspaceSocket(app: TemplatedApp, ctx: ServerContext): WorkspaceSocket {
  const rooms = new Rooms(PRESENCE_DELAY_MS);
  const handlers = new Map<ClientMessageType, MessageHandler>();
  // Stored under its own type, a handler only ever gets messages of that type (hence the cast).
  const handle = <T extends ClientMessageType>(type: T, handler: MessageHandler<T>) => void handlers.set(type, handler as unknown as MessageHandler);
  handle('presence.focus', focusHandler(ctx, rooms));
  const openListeners = new Listeners<(s: WorkspaceSession) => void>();
  /** Adopted sessions by workspace (see `adopt`). */
  const adopted = new Map<string, Set<WorkspaceSession>>();
  const adoptedById = new Map<string, WorkspaceSession>();
  const closeListeners = new Listeners<(s: WorkspaceSession) => void>();
  const epochs = new Map<string, number>();
  const heartbeats = socketHeartbeats();
  let stopping = false;

  const closes = ctx.metrics.counter('tandem_workspace_socket_closes_total', 'Workspace socket closes by close code');
  const messagesIn = ctx.metrics.counter('tandem_workspace_socket_messages_total', 'Workspace socket client messages by type');
  ctx.metrics.collect('tandem_workspace_socket_connections', 'Open workspace sockets', () => rooms.size);

  const credentialEpochs = new CredentialEpochs();
  const credentialsOf = new WeakMap<WorkspaceSession, Credentials>();
  /** Closes (4401) the user's sockets whose credentials no longer name them: a token revoked, a session ended. */
  const recheckCredentialsOf = (userId: string) => {
    const holders: CredentialHolder[] = [];
    for (const s of rooms.all()) {
      const credentials = credentialsOf.get(s);
      if (s.user.id !== userId || !credentials) continue;
      holders.push({ userId, credentials, get closed() { return s.closed; }, close: (code, reason) => s.close(code, reason) });
    }
    if (holders.length > 0) recheckCredentials(ctx.auth, holders).catch((err: unknown) => ctx.log.error({ err, userId }, 'workspace socket: credential re-check failed'));
  };

  const bumpEpoch = (workspaceId: string) => epochs.set(workspaceId, (epochs.get(workspaceId) ?? 0) + 1);

  const ended = (session: WorkspaceSession, code: number) => {
    closes.inc({ code: closeCodeName(code) });
    const linked = adopted.get(session.workspaceId);
    if (linked?.delete(session)) {
      if (linked.size === 0) adopted.delete(session.workspaceId);
    } else rooms.remove(session);
    closeListeners.each((listener) => safely(ctx, () => listener(session)));
  };

  const decide = async (request: UpgradeRequest): Promise<Admitted> => {
    if (stopping) throw new UpgradeRefused(CloseCode.SHUTTING_DOWN, 'server is stopping');
    const workspaceId = (request.url.split('/')[2] ?? '').toLowerCase();
    const credentialEpoch = credentialEpochs.current();
    const credentials: Credentials = {
      cookie: request.headers['cookie'],
      authorization: request.headers['authorization'],
      token: request.query.get('token') ?? undefined,
    };
    const user = await ctx.auth.authenticate(credentials);
    if (!user) throw new UpgradeRefused(CloseCode.UNAUTHENTICATED, 'sign in first');
    if (user.via === 'session' && !ctx.hosts.allowsOrigin(request.headers['origin'])) {
      throw new UpgradeRefused(CloseCode.FORBIDDEN, 'cross-origin socket refused');
    }
    const epoch = epochs.get(workspaceId) ?? 0;
    const role = isUuid(workspaceId) ? await ctx.access.roleFor(workspaceId, user.id) : null;
    requireSocketAccess(role, 'workspace.read');
    return { workspaceId, user: { id: user.id, username: user.username }, role, epoch, credentials, credentialEpoch };
  };

  /** Re-reads the member's role: closes with 4403 when gone, re-sends hello when changed. */
  const recheck = async (session: WorkspaceSession) => {
    const role = await ctx.access.roleFor(session.workspaceId, session.user.id);
    if (session.closed) return;
    if (!role || !can(role, 'workspace.read')) session.close(CloseCode.FORBIDDEN, 'removed from the workspace');
    else if (role !== session.role) {
      session.role = role;
      session.send({ type: 'hello', user: session.user, role });
    }
  };
  const recheckSafely = (session: WorkspaceSession) =>
    recheck(session).catch((err) => {
      ctx.log.error({ err, workspaceId: session.workspaceId }, 'workspace socket: membership re-check failed');
      session.close(CloseCode.INTERNAL, 'membership check failed');
    });

  app.ws<UserData>('/ws/*', {
    maxPayloadLength: MAX_MESSAGE_BYTES * 4,
    maxBackpressure: MAX_BUFFERED_BYTES * 2,
    closeOnBackpressureLimit: 0,
    idleTimeout: IDLE_TIMEOUT_S,
    sendPingsAutomatically: true,
    upgrade: upgradeNow,
    open: (ws) =>
      admit<Admitted, UserData>(ws, {
        hostAllowed: (host) => ctx.hosts.allowsHost(host),
        decide,
        admitted: (socket, data) => {
          const session = new WorkspaceSession(randomUUID(), data.workspaceId, data.user, data.role, port(socket), {
            maxBufferedBytes: MAX_BUFFERED_BYTES,
            ratePerSecond: RATE_PER_SECOND,
            burst: RATE_BURST,
          }, ended);
          socket.getUserData().session = session;
          credentialsOf.set(session, data.credentials);
          socket.getUserData().pulse = heartbeats.add({
            beat: () => session.closed || socket.cork(() => void (socket.send(HEARTBEAT_JSON, false), socket.ping())),
            dead: () => session.close(CloseCode.HEARTBEAT_TIMEOUT, 'no heartbeat'),
          });
          session.send({ type: 'hello', user: session.user, role: session.role });
          rooms.add(session);
          openListeners.each((listener) => safely(ctx, () => listener(session)));
          // Membership changed while this socket was being admitted: the event missed us.
          if ((epochs.get(data.workspaceId) ?? 0) !== data.epoch) void recheckSafely(session);
          if (credentialEpochs.current() !== data.credentialEpoch) recheckCredentialsOf(data.user.id);
        },
        message: onMessage,
        refused: (code) => closes.inc({ code: closeCodeName(code) }),
        error: (err) => ctx.log.error({ err }, 'workspace socket: upgrade failed'),
      }),
    message: (ws, bytes, isBinary) => {
      const { pulse } = ws.getUserData();
      if (pulse) pulse.heard = true;
      if (passGate<Admitted, UserData>(ws, bytes, isBinary)) onMessage(ws, bytes, isBinary);
    },
    pong: (ws) => {
      const { pulse } = ws.getUserData();
      if (pulse) pulse.heard = true;
    },
    close: (ws, code) => {
      markGateClosed<Admitted, UserData>(ws);
      heartbeats.remove(ws.getUserData().pulse);
      ws.getUserData().session?.markClosed(code);
    },
  });

  function onMessage(ws: WebSocket<UserData>, bytes: ArrayBuffer, isBinary: boolean): void {
    const session = ws.getUserData().session;
    if (!session || session.closed) return;
    if (isBinary) return session.close(CloseCode.BAD_MESSAGE, 'binary frames are not accepted');
    if (bytes.byteLength > MAX_MESSAGE_BYTES) return session.close(CloseCode.MESSAGE_TOO_LARGE, 'message too large');
    // toString copies: uWS reuses `bytes` as soon as we return.
    dispatch(session, Buffer.from(bytes).toString('utf8'));
  }

  function dispatch(session: WorkspaceSession, text: string): void {
    const parsed = parseClientMessage(text);
    if (parsed.kind === 'malformed') return session.close(CloseCode.BAD_MESSAGE, `malformed message: ${parsed.reason}`);
    const { ref } = parsed;
    if (!session.rate.take()) return session.error('rate_limited', 'Too many messages; slow down', ref);
    if (parsed.kind === 'refused') {
      messagesIn.inc({ type: parsed.code === 'invalid_message' ? parsed.type : 'unknown' });
      return session.error(parsed.code, parsed.reason, ref);
    }
    const { message } = parsed;
    const handler = handlers.get(message.type);
    messagesIn.inc({ type: handler ? message.type : 'unknown' });
    if (!handler) return session.error('unknown_type', `Unknown message type "${message.type}"`, ref);
    try {
      const result = handler(session, message, ref);
      if (result) result.catch((err) => handlerFailed(ctx, session, message.type, err, ref));
    } catch (err) {
      handlerFailed(ctx, session, message.type, err, ref);
    }
  }

  // Ids are compared in PostgreSQL's lower-case form, whatever case an emitter used.
  const offTree = ctx.events.on('tree', (workspaceId, change) => rooms.broadcast(workspaceId.toLowerCase(), { type: 'tree', change }));
  const offDeleted = ctx.events.on('workspaceDeleted', (id) => {
    const workspaceId = id.toLowerCase();
    bumpEpoch(workspaceId);
    for (const s of [...rooms.sessions(workspaceId), ...(adopted.get(workspaceId) ?? [])]) s.close(CloseCode.NOT_FOUND, 'workspace deleted');
  });
  const offMembership = ctx.events.on('membershipChanged', (id, userId) => {
    const workspaceId = id.toLowerCase();
    bumpEpoch(workspaceId);
    for (const s of [...rooms.sessions(workspaceId), ...(adopted.get(workspaceId) ?? [])]) if (s.user.id === userId.toLowerCase()) void recheckSafely(s);
  });

  const offCredentials = ctx.events.on('credentialsChanged', (userId) => {
    credentialEpochs.bump();
    recheckCredentialsOf(userId.toLowerCase());
  });

  return {
    handle,
    sendToWorkspace: (workspaceId, message) => {
      rooms.broadcast(workspaceId, message);
      for (const session of adopted.get(workspaceId) ?? []) session.send(message);
    },
    sendToSession: (sessionId, message) => (rooms.session(sessionId) ?? adoptedById.get(sessionId))?.send(message) ?? false,
    sessions: (workspaceId) => [...rooms.sessions(workspaceId), ...(adopted.get(workspaceId) ?? [])],
    adopt: (workspaceId, user, role, socketPort) => {
      const session = new WorkspaceSession(randomUUID(), workspaceId, user, role, socketPort, {
        maxBufferedBytes: MAX_BUFFERED_BYTES,
        ratePerSecond: RATE_PER_SECOND,
        burst: RATE_BURST,
      }, (s, code) => {
        adoptedById.delete(s.id);
        ended(s, code);
      });
      session.viaReplica = true;
      if (stopping) {
        session.close(CloseCode.SHUTTING_DOWN, 'server is stopping');
      } else {
        let set = adopted.get(workspaceId);
        if (!set) adopted.set(workspaceId, (set = new Set()));
        set.add(session);
        adoptedById.set(session.id, session);
        openListeners.each((listener) => safely(ctx, () => listener(session)));
      }
      return {
        session,
        deliver: (text) => {
          if (session.closed) return;
          if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) return session.close(CloseCode.MESSAGE_TOO_LARGE, 'message too large');
          dispatch(session, text);
        },
        ended: (code) => session.markClosed(code),
      };
    },
    onSessionOpen: (listener) => openListeners.add(listener),
    onSessionClose: (listener) => closeListeners.add(listener),
    close() {
      if (stopping) return;
      stopping = true;
      offTree();
      offDeleted();
      offMembership();
      offCredentials();
      for (const s of rooms.all()) s.close(CloseCode.SHUTTING_DOWN, 'server is stopping');
      for (const set of [...adopted.values()]) for (const s of [...set]) s.close(CloseCode.SHUTTING_DOWN, 'server is stopping');
      rooms.close();
    },
  };
}

function port(ws: WebSocket<UserData>) {
  return {
    // cork: one syscall for the frame even when sent from outside a uWS callback (events, timers).
    send: (text: string) => void ws.cork(() => ws.send(text, false)),
    end: (code: number, reason: string) => ws.end(code, reason),
    bufferedAmount: () => ws.getBufferedAmount(),
  };
}

function handlerFailed(ctx: ServerContext, session: WorkspaceSession, type: string, err: unknown, ref?: Ref) {
  ctx.log.error({ err, type, workspaceId: session.workspaceId }, 'workspace socket: handler failed');
  session.error('internal', 'The server could not handle that message', ref);
}

function safely(ctx: ServerContext, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    ctx.log.error({ err }, 'workspace socket: listener failed');
  }
}
