/**
 * Notifications, wired: the writer (review changes → rows, each with its NOTIFY), the
 * LISTEN on the notification channel, the delivery to this replica's sockets, the
 * `/notifications` socket, and the sweep that closes sockets whose credentials lapsed.
 * LISTEN is on whether or not TANDEM_REPLICA_FANOUT is: a single server hears its own
 * notices the same way, so there is one path to test.
 */
import { ChannelListener, countUnreadNotifications, findNotifications, NOTIFICATION_CHANNEL } from '@tandem/persistence';
import type { ServerContext } from '../context';
import type { TemplatedApp } from '../uws';
import { NotificationDelivery } from './notification-delivery';
import { registerNotificationSocket } from './notification-socket';
import { NotificationSockets } from './notification-sockets';
import { startNotificationWriter } from './notification-writer';

/** Tabs one user may keep open on one replica. */
export const MAX_SOCKETS_PER_USER = 20;
/** Idle sockets are re-checked this often (deliveries re-check at once). */
const SWEEP_MS = 5 * 60_000;

export interface Notifications {
  /** Closes the sockets (4503), stops listening, and waits for writes in flight. */
  close(): Promise<void>;
}

export async function startNotifications(app: TemplatedApp, ctx: ServerContext): Promise<Notifications> {
  const log = ctx.log.child({ component: 'notifications' });
  const sockets = new NotificationSockets(MAX_SOCKETS_PER_USER);
  const delivery = new NotificationDelivery({
    store: { find: (ids) => findNotifications(ctx.db.pool, ids), countUnread: (userIds) => countUnreadNotifications(ctx.db.pool, userIds) },
    sockets,
    stillSignedIn: async (session) => (await ctx.auth.authenticate(session.credentials))?.id === session.userId,
    log,
  });
  const listener = await ChannelListener.start(
    { url: ctx.db.url, channel: NOTIFICATION_CHANNEL, applicationName: `tandem-notifications-${ctx.config.replicaId}`, log },
    { onPayload: (payload) => delivery.received(payload), onGap: () => delivery.lost() },
  );
  ctx.metrics.collect('tandem_notification_feed_listening', '1 while the LISTEN connection for notifications is up', () => (listener.listening ? 1 : 0));
  const writer = startNotificationWriter({ pool: ctx.db.pool, events: ctx.events, log });
  const socket = registerNotificationSocket(app, ctx, sockets);
  const sweep = setInterval(() => void delivery.sweep(), SWEEP_MS);
  sweep.unref();
  return {
    async close() {
      clearInterval(sweep);
      socket.close();
      await writer.close();
      await delivery.close();
      await listener.close();
    },
  };
}
