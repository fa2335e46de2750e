/**
 * Any replica serves any user (issue 14): the workspace socket as the environment's
 * subsystems (terminals, `env.start`, the language service) see it, where each
 * session's environment messages go to the replica that owns the workspace's
 * environment.
 *
 * When a session opens, its replica claims the workspace's lease (lease-keeper.ts).
 * If it gets it, or already holds it, the session is *local*: the handlers here
 * answer it, as with one replica. If another replica holds it, the session is
 * *linked*: its messages of FORWARDED_TYPES go over an `OwnerLink` to the owner,
 * which answers them on a session it adopted (internal-listener.ts), and the
 * replies come back to the client. The environment's subsystems here never see a
 * linked session: not its messages, not its opening or closing.
 *
 * When the owner changes (the owner died, stopped, or this replica lost its lease),
 * the sessions that were routed by the old owner are closed with ENVIRONMENT_MOVED
 * (4409); clients reconnect on their own, are routed anew, and re-attach their
 * terminals where they left off. Document sync never goes through here.
 */
import { CloseCode, errorMessage, type ClientMessageType } from '@tandem/protocol';
import type { ServerContext } from '../context';
import type { MessageHandler, WorkspaceSession, WorkspaceSocket } from '../workspace-socket/workspace-socket';
import { FORWARDED_TYPES, isForwardedReply } from './internal-protocol';
import type { Claim, LeaseKeeper } from './lease-keeper';
import { OwnerLink } from './owner-link';
import { Listeners } from '../listeners';

export interface RoutingOptions {
  keeper: LeaseKeeper;
  /** The replicas' shared secret; null: this replica cannot forward (one replica, or misconfigured). */
  secret: string | null;
  /** How long a session waits for an owner that does not answer before its lease can be taken. */
  ownerWaitMs?: number;
}

type Route =
  | { kind: 'local' }
  | { kind: 'linked'; link: OwnerLink }
  /** No owner could be reached: environment messages are answered `owner_unavailable`. */
  | { kind: 'unavailable'; reason: string };

export interface WorkspaceRouting {
  /** The socket to give the environment's subsystems. */
  readonly socket: WorkspaceSocket;
  /** Sessions this replica answers itself, and those it forwards (for /metrics and health). */
  counts(): { local: number; linked: number; unavailable: number };
  /** The workspace's environment moved away from this replica: its sessions reconnect to be routed anew. */
  moved(workspaceId: string, why: string): void;
  close(): void;
}

const RETRY_MS = 500;

export function routeWorkspaceSockets(ctx: ServerContext, raw: WorkspaceSocket, options: RoutingOptions): WorkspaceRouting {
  const { keeper } = options;
  const ownerWaitMs = options.ownerWaitMs ?? 20_000;
  const routes = new WeakMap<WorkspaceSession, Promise<Route>>();
  const settled = new Map<WorkspaceSession, Route>();
  const openListeners = new Listeners<(s: WorkspaceSession) => void>();
  const closeListeners = new Listeners<(s: WorkspaceSession) => void>();
  const forwarded = ctx.metrics.counter('tandem_forwarded_messages_total', 'Workspace socket messages forwarded to the replica owning the environment');
  const moves = ctx.metrics.counter('tandem_environment_moves_total', 'Sessions closed so they reconnect to the environment\'s new owner, by why');
  let closed = false;

  const resolve = async (session: WorkspaceSession): Promise<Route> => {
    // A session another replica forwarded here was sent to us as the owner: ours to answer.
    if (session.viaReplica) return { kind: 'local' };
    const deadline = performance.now() + ownerWaitMs;
    for (;;) {
      let claim: Claim;
      try {
        claim = await keeper.claim(session.workspaceId);
      } catch (err) {
        ctx.log.warn({ err, workspaceId: session.workspaceId }, 'routing: lease not readable; answering here');
        return { kind: 'unavailable', reason: 'the database cannot be reached' };
      }
      if (claim.kind !== 'elsewhere') return { kind: 'local' };
      if (session.closed || closed) return { kind: 'unavailable', reason: 'closed' };
      if (!options.secret) return { kind: 'unavailable', reason: `replica ${claim.ownerId} runs this workspace and this one cannot forward to it (TANDEM_INTERNAL_PORT is not set)` };
      const link = linkFor(session, claim.address);
      if (await link.opened) return { kind: 'linked', link };
      // The owner does not answer: dead, or stopping. Its lease runs out within the ttl; then we claim it.
      if (performance.now() > deadline) return { kind: 'unavailable', reason: `replica ${claim.ownerId} owns this workspace and does not answer` };
      await new Promise((r) => setTimeout(r, Math.min(RETRY_MS, Math.max(0, claim.expiresAt - Date.now()) + 50)));
    }
  };

  const linkFor = (session: WorkspaceSession, address: string): OwnerLink => {
    const link = new OwnerLink(address, options.secret!, { workspaceId: session.workspaceId, user: session.user }, {
      message: (text) => {
        if (isForwardedReply(text)) session.sendRaw(text);
      },
      closed: (code, reason) => {
        // Before it opened, `resolve` tries again; after, the owner went away: reconnect to find the next one.
        if (!link.everOpened || session.closed) return;
        moves.inc({ why: 'owner-link-closed' });
        session.close(code === CloseCode.FORBIDDEN ? CloseCode.FORBIDDEN : CloseCode.ENVIRONMENT_MOVED, `the workspace's environment moved (${reason || code})`);
      },
    });
    return link;
  };

  const routeOf = (session: WorkspaceSession): Promise<Route> => {
    let route = routes.get(session);
    if (!route) {
      route = resolve(session).then((r) => {
        settled.set(session, r);
        if (session.closed) release(session, r);
        return r;
      });
      routes.set(session, route);
    }
    return route;
  };

  const release = (session: WorkspaceSession, route: Route) => {
    if (route.kind === 'linked') route.link.close();
    settled.delete(session);
  };

  const offOpen = raw.onSessionOpen((session) => {
    void routeOf(session).then((route) => {
      if (route.kind !== 'local' || session.closed) return;
      openListeners.each((listener) => listener(session));
    });
  });
  const offClose = raw.onSessionClose((session) => {
    const route = settled.get(session);
    if (!route) return; // still resolving: released when it settles
    release(session, route);
    if (route.kind === 'local') closeListeners.each((listener) => listener(session));
  });

  const forwarding = <T extends ClientMessageType>(type: T, handler: MessageHandler<T>): MessageHandler<T> =>
    async (session, message, ref) => {
      const route = await routeOf(session);
      if (route.kind === 'local') return handler(session, message, ref);
      if (route.kind === 'unavailable') return void session.send(errorMessage('owner_unavailable', `This workspace's environment cannot be reached now: ${route.reason}`, ref));
      forwarded.inc({ type });
      const text = JSON.stringify(ref === undefined ? message : { ...message, ref });
      if (!route.link.send(text)) session.send(errorMessage('owner_unavailable', 'This workspace\'s environment cannot be reached now; try again', ref));
    };

  const socket: WorkspaceSocket = {
    handle: (type, handler) => raw.handle(type, FORWARDED_TYPES.has(type) ? forwarding(type, handler) : handler),
    sendToWorkspace: (workspaceId, message) => raw.sendToWorkspace(workspaceId, message),
    sendToSession: (sessionId, message) => raw.sendToSession(sessionId, message),
    sessions: (workspaceId) => raw.sessions(workspaceId).filter((s) => settled.get(s)?.kind === 'local'),
    onSessionOpen: (listener) => openListeners.add(listener),
    onSessionClose: (listener) => closeListeners.add(listener),
    adopt: (...args) => raw.adopt(...args),
    close: () => raw.close(),
  };

  return {
    socket,
    counts: () => {
      const counts = { local: 0, linked: 0, unavailable: 0 };
      for (const route of settled.values()) counts[route.kind]++;
      return counts;
    },
    moved: (workspaceId, why) => {
      for (const session of raw.sessions(workspaceId)) {
        // Sessions forwarded to another owner are not affected: that owner did not change.
        if (session.closed || settled.get(session)?.kind === 'linked') continue;
        moves.inc({ why });
        session.close(CloseCode.ENVIRONMENT_MOVED, `the workspace's environment moved (${why})`);
      }
    },
    close: () => {
      closed = true;
      offOpen();
      offClose();
      for (const [session, route] of settled) release(session, route);
    },
  };
}
