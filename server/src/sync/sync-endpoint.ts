/**
 * `/sync/<workspaceId>/<itemId>` on uWebSockets.js: the only file of the sync layer
 * that knows uWS. It authenticates the upgrade, adapts each socket to `SyncPeer`,
 * and hands frames to the hub.
 *
 * uWS behaviour we rely on, measured on the bundled binary (v20.30):
 * - A frame over `maxPayloadLength` is not delivered: uWS drops the TCP connection
 *   (the client sees 1006, the server's close handler "Received too big message").
 *   So uWS gets a hard cap of twice the limit and we check the limit ourselves:
 *   a message between the two is closed with 4413; beyond, 1006 (counted as
 *   MESSAGE_TOO_LARGE in metrics).
 * - `publish` to a subscriber whose buffer exceeds `maxBackpressure` closes it
 *   (`closeOnBackpressureLimit`; no close frame fits behind a full buffer: 1006).
 *   A direct `send` over the limit is dropped instead, so the peer closes with 4429.
 *   Either way a client that stops reading costs at most ~maxBackpressure.
 * - Idle sockets are pinged automatically and closed after `idleTimeout` silence; that
 *   cannot go under 8 s, so a sweep (ws/heartbeat-sweep.ts) beats every socket (an
 *   awareness update naming no client, which a stock client applies as nothing, and a
 *   ping) and closes one silent for SILENT_CLIENT_MS with 4408 (BEAT-1 to BEAT-4).
 */
import { CloseCode, SYNC_HEARTBEAT } from '@tandem/protocol';
import type { Role, ServerContext } from '../context';
import { requireSocketAccess, UpgradeRefused, type UpgradeRequest } from '../ws/upgrade-request';
import { admit, markGateClosed, passGate, upgradeNow, type Gated } from '../ws/admission';
import { uws, type TemplatedApp, type WebSocket } from '../uws';
import type { Pulse } from '../ws/heartbeat-sweep';
import { socketHeartbeats } from '../ws/socket-heartbeats';
import type { SyncConnections } from './sync-connections';
import { watchCredentials, type CredentialWatch } from './credential-watch';
import { watchMemberships } from './membership-watch';
import { SyncConnection, type ConnectionInfo, type SyncPeer } from './sync-connection';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDLE_TIMEOUT_SECONDS = 60;
const SEND_DROPPED = 2;
const BACKPRESSURE_HEADROOM = 1024 * 1024;

/** What admission decided, and the user's credential epoch when it started (credential-watch.ts). */
type Admitted = ConnectionInfo & { credentialEpoch: number };
type SocketData = Gated<Admitted> & { conn?: SyncConnection; pulse?: Pulse };

export function registerSyncEndpoint(app: TemplatedApp, ctx: ServerContext, hub: SyncConnections): void {
  const limit = ctx.config.maxMessageBytes;
  watchMemberships(ctx, hub);
  const credentials = watchCredentials(ctx, hub);
  const heartbeats = socketHeartbeats();

  app.ws<SocketData>('/sync/*', {
    maxPayloadLength: Math.min(2 * limit, 2 ** 31 - 1),
    // At least one whole message (a large document's step 2) plus room for live traffic behind it.
    maxBackpressure: limit + BACKPRESSURE_HEADROOM,
    closeOnBackpressureLimit: true as unknown as number,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    sendPingsAutomatically: true,
    compression: uws.DISABLED,

    upgrade: upgradeNow,

    open: (ws) =>
      admit<Admitted, SocketData>(ws, {
        hostAllowed: (host) => ctx.hosts.allowsHost(host),
        decide: (request) => authorize(ctx, hub, credentials, request),
        admitted: (socket, info) => {
          const peer = new UwsPeer(socket);
          const conn = new SyncConnection(peer, info);
          const data = socket.getUserData();
          data.conn = conn;
          data.pulse = heartbeats.add({ beat: () => peer.beat(), dead: () => peer.close(CloseCode.HEARTBEAT_TIMEOUT, 'no heartbeat') });
          hub.open(conn);
          // Credentials changed while this socket was being admitted: the event missed it.
          if (credentials.epoch() !== info.credentialEpoch) credentials.recheck(info.userId);
        },
        message: onMessage,
        refused: (code) => hub.metrics.closed(code),
        error: (err) => ctx.log.error({ err }, 'sync upgrade failed'),
      }),

    message: (ws, message, isBinary) => {
      const { pulse } = ws.getUserData();
      if (pulse) pulse.heard = true;
      if (passGate<Admitted, SocketData>(ws, message, isBinary)) onMessage(ws, message, isBinary);
    },

    pong: (ws) => {
      const { pulse } = ws.getUserData();
      if (pulse) pulse.heard = true;
    },

    drain: (ws) => {
      const peer = ws.getUserData().conn?.peer;
      if (peer instanceof UwsPeer) peer.cork(() => peer.drained());
    },

    close: (ws, code, message) => {
      markGateClosed<Admitted, SocketData>(ws);
      const data = ws.getUserData();
      heartbeats.remove(data.pulse);
      if (!data.conn) return;
      (data.conn.peer as UwsPeer).markClosed();
      hub.metrics.closed(code, Buffer.from(message).toString());
      hub.disconnect(data.conn);
    },
  });

  function onMessage(ws: WebSocket<SocketData>, message: ArrayBuffer, isBinary: boolean): void {
    const conn = ws.getUserData().conn;
    if (!conn) return;
    try {
      if (!isBinary) return conn.peer.close(CloseCode.BAD_MESSAGE, 'text frames are not part of the protocol');
      if (message.byteLength > limit) return conn.peer.close(CloseCode.MESSAGE_TOO_LARGE, `message over ${limit} bytes`);
      hub.receive(conn, new Uint8Array(message));
    } catch (err) {
      // A bug must cost one connection, never the process.
      ctx.log.error({ err, itemId: conn.itemId }, 'sync message handling failed');
      hub.metrics.errors.inc({ kind: 'internal' });
      conn.peer.close(CloseCode.INTERNAL, 'internal error');
    }
  }
}

async function authorize(ctx: ServerContext, hub: SyncConnections, watch: CredentialWatch, request: UpgradeRequest): Promise<Admitted> {
  if (hub.isClosing) throw new UpgradeRefused(CloseCode.SHUTTING_DOWN, 'server is stopping');
  // Known down: refused without a query, so reconnecting editors do not pound a database that is away.
  if (!ctx.database.available) throw new UpgradeRefused(CloseCode.DATABASE_UNAVAILABLE, 'the database is unavailable');
  const [, , workspaceId, itemId, ...rest] = request.url.split('/');
  if (!workspaceId || !itemId || rest.length > 0 || !UUID.test(workspaceId) || !UUID.test(itemId)) {
    throw new UpgradeRefused(CloseCode.NOT_FOUND, 'expected /sync/<workspaceId>/<itemId>');
  }
  const ws = workspaceId.toLowerCase();
  const credentialEpoch = watch.epoch();
  const wantsAck = request.query.get('ack') === '1';
  const token = request.query.get('token');
  // A token, when given, is the only credential considered (as on HTTP): one query.
  if (token !== null) {
    const admitted = await ctx.auth.admitToken(token, ws, itemId.toLowerCase());
    if (!admitted) throw new UpgradeRefused(CloseCode.UNAUTHENTICATED, 'sign in or pass ?token=');
    return { ...connectionInfo(ws, admitted.user.id, admitted.role, admitted.item, wantsAck), credentials: { token }, credentialEpoch };
  }
  const cookie = { cookie: request.headers.cookie };
  const user = await ctx.auth.authenticate(cookie);
  if (!user) throw new UpgradeRefused(CloseCode.UNAUTHENTICATED, 'sign in or pass ?token=');
  // Browsers send cookies on cross-site WebSocket upgrades: refuse foreign pages (CSWSH).
  if (!ctx.hosts.allowsOrigin(request.headers.origin)) {
    throw new UpgradeRefused(CloseCode.FORBIDDEN, 'cross-origin WebSocket refused');
  }
  const [role, item] = await Promise.all([ctx.access.roleFor(ws, user.id), ctx.access.item(ws, itemId.toLowerCase())]);
  return { ...connectionInfo(ws, user.id, role, item, wantsAck), credentials: cookie, credentialEpoch };
}

function connectionInfo(
  workspaceId: string,
  userId: string,
  role: Role | null,
  item: { id: string; type: 'file' | 'folder' } | null,
  wantsAck: boolean,
): ConnectionInfo {
  // Membership first: a non-member learns nothing about which items exist.
  requireSocketAccess(role, 'sync.read');
  if (!item || item.type !== 'file') throw new UpgradeRefused(CloseCode.NOT_FOUND, 'no such file');
  return { workspaceId, itemId: item.id.toLowerCase(), userId, role, wantsAck };
}

/**
 * Large messages go out in fragments of this size. uWS formats a message it cannot
 * hand to the kernel at once in the socket's own buffer and keeps that buffer's size
 * for the socket's life: 200 clients sent a 5 MB document whole held 1.1 GB of RSS;
 * in 256 KB fragments, 234 MB (measured with 1 MB fragments: 391 MB, joins faster).
 */
const FRAGMENT_BYTES = 256 * 1024;

/** SyncPeer over a uWS socket. uWS throws on any call after close: every method checks first. */
class UwsPeer implements SyncPeer {
  closed = false;
  private paced: { bytes: Uint8Array; offset: number; done: () => void } | null = null;
  /** Messages waiting for the paced one, in order; those with `done` are paced in turn. */
  private queue: Array<{ bytes: Uint8Array; done?: () => void }> = [];
  /** Topics joined while pacing: a publish must not land between fragments, so they wait. */
  private rejoin = new Set<string>();
  private finishing = false;

  constructor(private readonly ws: WebSocket<SocketData>) {}

  markClosed(): void {
    this.closed = true;
    this.paced = null;
    this.queue = [];
    this.rejoin.clear();
  }

  send(bytes: Uint8Array): void {
    if (this.closed) return;
    if (this.paced) return void this.queue.push({ bytes });
    if (this.ws.send(bytes, true) === SEND_DROPPED) this.close(CloseCode.BACKPRESSURE, 'client is not reading');
  }

  sendPaced(bytes: Uint8Array, done: () => void): void {
    if (this.closed) return;
    if (this.paced) return void this.queue.push({ bytes, done });
    if (bytes.byteLength <= FRAGMENT_BYTES) {
      this.send(bytes);
      return done();
    }
    this.paced = { bytes, offset: 0, done };
    this.pump();
  }

  /** uWS drained some of the socket's buffer (its `drain` event). */
  drained(): void {
    if (this.paced) this.pump();
  }

  private pump(): void {
    const paced = this.paced!;
    const { bytes } = paced;
    // At most one fragment waits in uWS' buffer at a time.
    while (!this.closed && paced.offset < bytes.byteLength && this.ws.getBufferedAmount() < FRAGMENT_BYTES) {
      const end = Math.min(paced.offset + FRAGMENT_BYTES, bytes.byteLength);
      const chunk = bytes.subarray(paced.offset, end);
      if (paced.offset === 0) this.ws.sendFirstFragment(chunk, true);
      else if (end < bytes.byteLength) this.ws.sendFragment(chunk);
      else this.ws.sendLastFragment(chunk);
      paced.offset = end;
    }
    if (this.closed || paced.offset < bytes.byteLength) return;
    this.paced = null;
    // What waited goes now (the next paced message may start); topics are rejoined
    // only once nothing is paced any more.
    this.finishing = true;
    while (!this.paced && this.queue.length > 0) {
      const next = this.queue.shift()!;
      if (next.done) this.sendPaced(next.bytes, next.done);
      else this.send(next.bytes);
    }
    paced.done();
    this.finishing = false;
    if (this.paced || this.closed) return;
    for (const topic of this.rejoin) this.ws.subscribe(topic);
    this.rejoin.clear();
  }

  subscribe(topic: string): void {
    if (this.closed) return;
    if (this.paced || this.finishing) return void this.rejoin.add(topic);
    this.ws.subscribe(topic);
  }

  unsubscribe(topic: string): void {
    if (this.closed) return;
    this.rejoin.delete(topic);
    this.ws.unsubscribe(topic);
  }

  /** The heartbeat: a message the client's code sees, and a ping its WebSocket answers. */
  beat(): void {
    if (this.closed) return;
    this.ws.cork(() => {
      this.send(SYNC_HEARTBEAT);
      if (!this.closed) this.ws.ping();
    });
  }

  publish(topic: string, bytes: Uint8Array): void {
    if (!this.closed) this.ws.publish(topic, bytes, true);
  }

  cork(fn: () => void): void {
    if (this.closed) return fn();
    this.ws.cork(fn);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    // end() runs the close handler synchronously, which disconnects from the hub.
    this.ws.end(code, reason.slice(0, 120));
  }
}
