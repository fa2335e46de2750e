/**
 * `/notifications`: one socket per open tab, on any page, that keeps the user's inbox
 * live (docs/protocols.md, "the notification socket"). This file is the
 * uWebSockets.js adapter; the upgrade is /ws's (ws/admission.ts: upgrade at once,
 * decide in `open`, the Host check first) and so is the authentication
 * (ws/authenticate-upgrade.ts: 4401 without credentials, 4403 for a cookie from a
 * foreign Origin).
 *
 * - `{type:"hello", unreadCount}` first; `notification` and `unread` as they come
 *   (notification-delivery.ts).
 * - Clients send nothing: any frame closes the socket with 4400 (it is not a channel
 *   to talk on, and a client that thinks it is has a bug worth seeing). uWS answers
 *   pings and sends its own; a sweep (ws/heartbeat-sweep.ts) sends `heartbeat` and a
 *   ping, and closes a socket silent for SILENT_CLIENT_MS with 4408 (BEAT-1 to BEAT-4).
 * - At most MAX_SOCKETS_PER_USER (start-notifications.ts) per user on each replica; one more is closed with
 *   4429 (too many, HTTP 429's sense).
 * - Signed out, expired or revoked: 4401 at the next delivery or sweep. Server
 *   stopping: 4503.
 */
import { CloseCode, closeCodeName, HEARTBEAT_JSON } from '@tandem/protocol';
import { countUnread, DatabaseUnavailableError, translateDatabaseError } from '@tandem/persistence';
import type { ServerContext } from '../context';
import type { TemplatedApp, WebSocket } from '../uws';
import { admit, markGateClosed, passGate, upgradeNow, type Gated } from '../ws/admission';
import { authenticateUpgrade } from '../ws/authenticate-upgrade';
import type { Pulse } from '../ws/heartbeat-sweep';
import { socketHeartbeats } from '../ws/socket-heartbeats';
import { UpgradeRefused } from '../ws/upgrade-request';
import { NotificationSession } from './notification-session';
import type { NotificationSockets } from './notification-sockets';

export const NOTIFICATION_SOCKET_PATH = '/notifications';
/** Frames over this are cut off by uWS itself (1009); any frame at all closes with 4400. */
const MAX_PAYLOAD_BYTES = 1024;
const MAX_BUFFERED_BYTES = 1024 * 1024;
const IDLE_TIMEOUT_S = 60;

interface Admitted {
  session: NotificationSession;
}
type UserData = Gated<Admitted> & { pulse?: Pulse };

export interface NotificationSocket {
  /** Closes every socket with 4503 and refuses new ones. */
  close(): void;
}

export function registerNotificationSocket(app: TemplatedApp, ctx: ServerContext, sockets: NotificationSockets): NotificationSocket {
  let stopping = false;
  let nextId = 0;
  const heartbeats = socketHeartbeats();
  const closes = ctx.metrics.counter('tandem_notification_socket_closes_total', 'Notification socket closes by close code');
  ctx.metrics.collect('tandem_notification_socket_connections', 'Open notification sockets', () => sockets.size);

  const ended = (session: NotificationSession, code: number) => {
    closes.inc({ code: closeCodeName(code) });
    sockets.remove(session);
  };

  const sayHello = (session: NotificationSession) =>
    countUnread(ctx.db.pool, session.userId).then(
      (count) => session.hello(count),
      (err: unknown) => {
        // An outage is logged once, by the database watch (health/database-watch.ts), as for /ws.
        if (translateDatabaseError(err) instanceof DatabaseUnavailableError) return session.close(CloseCode.DATABASE_UNAVAILABLE, 'the database is unavailable');
        ctx.log.error({ err }, 'notification socket: could not count the unread');
        session.close(CloseCode.INTERNAL, 'could not read the notifications');
      },
    );

  app.ws<UserData>(NOTIFICATION_SOCKET_PATH, {
    maxPayloadLength: MAX_PAYLOAD_BYTES,
    maxBackpressure: MAX_BUFFERED_BYTES * 2,
    closeOnBackpressureLimit: 0,
    idleTimeout: IDLE_TIMEOUT_S,
    sendPingsAutomatically: true,
    upgrade: upgradeNow,
    open: (ws) =>
      admit<Admitted, UserData>(ws, {
        hostAllowed: (host) => ctx.hosts.allowsHost(host),
        decide: async (request) => {
          if (stopping) throw new UpgradeRefused(CloseCode.SHUTTING_DOWN, 'server is stopping');
          const { user, credentials } = await authenticateUpgrade(ctx, request);
          return { session: new NotificationSession(++nextId, user.id, credentials, port(ws), MAX_BUFFERED_BYTES, ended) };
        },
        admitted: (socket, { session }) => {
          if (!sockets.add(session)) return session.close(CloseCode.BACKPRESSURE, `too many notification sockets (at most ${sockets.maxPerUser})`);
          socket.getUserData().pulse = heartbeats.add({
            beat: () => session.closed || socket.cork(() => void (socket.send(HEARTBEAT_JSON, false), socket.ping())),
            dead: () => session.close(CloseCode.HEARTBEAT_TIMEOUT, 'no heartbeat'),
          });
          void sayHello(session);
        },
        message: refuseMessage,
        refused: (code) => closes.inc({ code: closeCodeName(code) }),
        error: (err) => ctx.log.error({ err }, 'notification socket: upgrade failed'),
      }),
    message: (ws, bytes, isBinary) => {
      if (passGate<Admitted, UserData>(ws, bytes, isBinary)) refuseMessage(ws);
    },
    pong: (ws) => {
      const { pulse } = ws.getUserData();
      if (pulse) pulse.heard = true;
    },
    close: (ws, code) => {
      markGateClosed<Admitted, UserData>(ws);
      heartbeats.remove(ws.getUserData().pulse);
      ws.getUserData().admitted?.session.markClosed(code);
    },
  });

  return {
    close() {
      if (stopping) return;
      stopping = true;
      for (const session of sockets.all()) session.close(CloseCode.SHUTTING_DOWN, 'server is stopping');
    },
  };
}

/** Any client frame, before admission (replayed then) or after. */
function refuseMessage(ws: WebSocket<UserData>): void {
  ws.getUserData().admitted?.session.close(CloseCode.BAD_MESSAGE, 'this socket takes no messages');
}

function port(ws: WebSocket<UserData>) {
  return {
    // cork: one syscall for the frame even when sent from outside a uWS callback (the feed, timers).
    send: (text: string) => void ws.cork(() => ws.send(text, false)),
    end: (code: number, reason: string) => ws.end(code, reason),
    bufferedAmount: () => ws.getBufferedAmount(),
  };
}
