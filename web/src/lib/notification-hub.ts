/**
 * One `/notifications` socket per page, shared by the bell and by the views that
 * refresh when a notification about what they show arrives (the review page). It opens
 * with its first subscriber and closes with its last. After every (re)connect the list
 * is fetched again, since what was sent while the socket was down is gone.
 */
import { api } from './api';
import { initialNotificationState, RECENT_LIMIT, reduceNotifications, type NotificationAction, type NotificationState } from './notification-state';
import { NotificationSocket } from './notification-socket';
import type { Notification } from '@tandem/protocol';

type Listener = () => void;
type NotificationListener = (notification: Notification) => void;

let state: NotificationState = initialNotificationState;
let socket: NotificationSocket | null = null;
const listeners = new Set<Listener>();
const notificationListeners = new Set<NotificationListener>();

function dispatch(action: NotificationAction): void {
  state = reduceNotifications(state, action);
  for (const l of listeners) l();
}

function refresh(): void {
  api.listNotifications({ limit: RECENT_LIMIT }).then((list) => dispatch({ type: 'listed', list }), () => undefined);
}

function start(): void {
  socket = new NotificationSocket({
    message(message) {
      dispatch({ type: 'message', message });
      if (message.type === 'notification') for (const l of notificationListeners) l(message.notification);
    },
    state(s) {
      dispatch({ type: 'connection', state: s });
      if (s === 'open') refresh();
    },
  });
}

function stopIfUnused(): void {
  if (listeners.size > 0 || notificationListeners.size > 0) return;
  socket?.close();
  socket = null;
  state = initialNotificationState;
}

export const notificationHub = {
  getState: (): NotificationState => state,
  getServerState: (): NotificationState => initialNotificationState,

  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    if (!socket) start();
    return () => {
      listeners.delete(listener);
      stopIfUnused();
    };
  },

  /** Each live notification, as it arrives (not the ones listed over HTTP). */
  onNotification(listener: NotificationListener): () => void {
    notificationListeners.add(listener);
    if (!socket) start();
    return () => {
      notificationListeners.delete(listener);
      stopIfUnused();
    };
  },

  async markRead(id: string): Promise<void> {
    const { notification, unreadCount } = await api.markNotificationRead(id);
    dispatch({ type: 'read', notification, unreadCount });
  },

  async markAllRead(): Promise<void> {
    const { unreadCount } = await api.markAllNotificationsRead();
    dispatch({ type: 'all-read', unreadCount, at: new Date().toISOString() });
  },
};
