/**
 * The replica-to-replica listener (issue 14), on its own port (TANDEM_INTERNAL_PORT),
 * never the public one: the Kubernetes NetworkPolicy admits it only from the server's
 * own pods, and every request must carry the replicas' shared secret.
 *
 * - `/internal/ws/<workspace>`: a client session of another replica whose workspace's
 *   environment this replica owns. The session is adopted (WorkspaceSocket.adopt):
 *   its frames are read and answered as if the client were here. The user is the one
 *   the other replica authenticated; the role is read here, from the database. A
 *   replica that does not own the workspace closes with ENVIRONMENT_MOVED, so the
 *   other tries again (the lease may just have changed hands).
 * - `POST /internal/run/<workspace>`: the run route, forwarded (run-forwarding.ts).
 */
import { CloseCode } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { uws, type TemplatedApp, type WebSocket, type us_listen_socket } from '../uws';
import { UpgradeRefused } from '../ws/upgrade-request';
import { admit, markGateClosed, passGate, upgradeNow, type Gated } from '../ws/admission';
import type { AdoptedSession, WorkspaceSocket } from '../workspace-socket/workspace-socket';
import { INTERNAL_LINK_PATH, LINK_HEADER, linkRequestSchema, SECRET_HEADER, secretMatches, type LinkRequest } from './internal-protocol';
import type { LeaseKeeper } from './lease-keeper';
import { Router } from '../http/router';
import { mountRouter } from '../http/uws-adapter';

const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
const IDLE_TIMEOUT_S = 30;

interface Linked {
  request: LinkRequest;
  role: NonNullable<Awaited<ReturnType<ServerContext['access']['roleFor']>>>;
}
type UserData = Gated<Linked> & { adopted?: AdoptedSession };

export interface InternalListener {
  readonly port: number;
  readonly app: TemplatedApp;
  /** HTTP routes under /internal (the forwarded run); the secret is checked by each. */
  readonly router: Router;
  /** Adopted sessions open now (for /metrics). */
  linkCount(): number;
  close(): void;
}

export async function startInternalListener(
  ctx: ServerContext,
  settings: { host: string; port: number; secret: string },
  socket: WorkspaceSocket,
  keeper: LeaseKeeper,
): Promise<InternalListener> {
  const app = uws.App();
  const router = new Router();
  const sockets = new Set<WebSocket<UserData>>();
  const refusals = ctx.metrics.counter('tandem_internal_link_refusals_total', 'Links from other replicas refused, by close code');
  ctx.metrics.collect('tandem_forwarded_sessions', 'Sessions of clients on other replicas answered here (this replica owns their environment)', () => [{ labels: {}, value: sockets.size }]);

  const decide = async (request: Gated<Linked>['request']): Promise<Linked> => {
    if (!secretMatches(request.headers[SECRET_HEADER], settings.secret)) throw new UpgradeRefused(CloseCode.UNAUTHENTICATED, 'wrong replica secret');
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.headers[LINK_HEADER] ?? '');
    } catch {
      throw new UpgradeRefused(CloseCode.BAD_MESSAGE, `${LINK_HEADER} is not JSON`);
    }
    const link = linkRequestSchema.safeParse(parsed);
    if (!link.success || request.url !== `${INTERNAL_LINK_PATH}/${link.data.workspaceId}`) throw new UpgradeRefused(CloseCode.BAD_MESSAGE, 'bad link request');
    const workspaceId = link.data.workspaceId.toLowerCase();
    if (keeper.epochOf(workspaceId) === null) throw new UpgradeRefused(CloseCode.ENVIRONMENT_MOVED, 'this replica does not own that workspace');
    const role = await ctx.access.roleFor(workspaceId, link.data.user.id.toLowerCase());
    if (!role) throw new UpgradeRefused(CloseCode.FORBIDDEN, 'not a member');
    return { request: { workspaceId, user: { id: link.data.user.id.toLowerCase(), username: link.data.user.username } }, role };
  };

  app.ws<UserData>(`${INTERNAL_LINK_PATH}/*`, {
    maxPayloadLength: MAX_PAYLOAD_BYTES,
    maxBackpressure: 16 * 1024 * 1024,
    closeOnBackpressureLimit: 0,
    idleTimeout: IDLE_TIMEOUT_S,
    sendPingsAutomatically: true,
    upgrade: upgradeNow,
    open: (ws) =>
      admit<Linked, UserData>(ws, {
        hostAllowed: () => true, // not a browser's: the secret is the check
        decide,
        admitted: (ws, data) => {
          sockets.add(ws);
          ws.getUserData().adopted = socket.adopt(data.request.workspaceId, data.request.user, data.role, {
            send: (text) => void ws.cork(() => ws.send(text, false)),
            end: (code, reason) => ws.end(code, reason),
            bufferedAmount: () => ws.getBufferedAmount(),
          });
        },
        message: (ws, bytes, isBinary) => {
          if (isBinary) return ws.end(CloseCode.BAD_MESSAGE, 'binary frames are not accepted');
          ws.getUserData().adopted?.deliver(Buffer.from(bytes).toString('utf8'));
        },
        refused: (code) => refusals.inc({ code: String(code) }),
        error: (err) => ctx.log.error({ err }, 'internal listener: link refused'),
      }),
    message: (ws, bytes, isBinary) => {
      if (!passGate<Linked, UserData>(ws, bytes, isBinary)) return;
      if (isBinary) return ws.end(CloseCode.BAD_MESSAGE, 'binary frames are not accepted');
      ws.getUserData().adopted?.deliver(Buffer.from(bytes).toString('utf8'));
    },
    close: (ws, code) => {
      markGateClosed<Linked, UserData>(ws);
      sockets.delete(ws);
      ws.getUserData().adopted?.ended(code);
    },
  });

  mountRouter(app, router, {
    bodyLimit: ctx.config.maxBodyBytes,
    log: ctx.log,
    prefixes: ['/internal'],
    fallback: () => ({ status: 404, json: { error: { code: 'not_found', message: 'Not found' } } }),
  });

  const listenSocket = await new Promise<us_listen_socket>((resolve, reject) => {
    app.listen(settings.host, settings.port, (s) => (s ? resolve(s) : reject(new Error(`Could not listen on ${settings.host}:${settings.port} for other replicas (TANDEM_INTERNAL_PORT in use?)`))));
  });
  const port = uws.us_socket_local_port(listenSocket);
  let closed = false;
  return {
    port,
    app,
    router,
    linkCount: () => sockets.size,
    close: () => {
      if (closed) return;
      closed = true;
      uws.us_listen_socket_close(listenSocket);
      for (const ws of [...sockets]) ws.end(CloseCode.SHUTTING_DOWN, 'replica stopping');
      (app as unknown as { close(): void }).close();
    },
  };
}
