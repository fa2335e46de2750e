/**
 * The bell's state: the unread count (the server's number, from every frame of the
 * `/notifications` socket and every read answer) and the recent notifications, newest
 * first. Pure. The list comes from `GET /api/notifications`; live ones are merged in
 * by id, so a notification that arrives while the list is loading is neither lost
 * nor shown twice.
 */
import type { Notification, NotificationList, NotificationServerMessage } from '@tandem/protocol';

/** How many the dropdown keeps. */
export const RECENT_LIMIT = 20;

export type NotificationConnection = 'connecting' | 'open' | 'closed';

export interface NotificationState {
  unreadCount: number;
  recent: Notification[];
  connection: NotificationConnection;
}

export type NotificationAction =
  | { type: 'message'; message: NotificationServerMessage }
  | { type: 'listed'; list: NotificationList }
  | { type: 'read'; notification: Notification; unreadCount: number }
  | { type: 'all-read'; unreadCount: number; at: string }
  | { type: 'connection'; state: NotificationConnection };

export const initialNotificationState: NotificationState = { unreadCount: 0, recent: [], connection: 'connecting' };

export function reduceNotifications(state: NotificationState, action: NotificationAction): NotificationState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.state };
    case 'listed':
      return { ...state, unreadCount: action.list.unreadCount, recent: merge(state.recent, action.list.notifications) };
    case 'read':
      return { ...state, unreadCount: action.unreadCount, recent: merge(state.recent, [action.notification]) };
    case 'all-read':
      return { ...state, unreadCount: action.unreadCount, recent: state.recent.map((n) => (n.readAt === null ? { ...n, readAt: action.at } : n)) };
    case 'message': {
      const m = action.message;
      if (m.type === 'notification') return { ...state, unreadCount: m.unreadCount, recent: merge(state.recent, [m.notification]) };
      // The socket's liveness beat (JsonSocket swallows it already).
      if (m.type === 'heartbeat') return state;
      return { ...state, unreadCount: m.unreadCount };
    }
  }
}

/** Union by id (the incoming copy wins: it may be marked read), newest first, capped. */
function merge(current: readonly Notification[], incoming: readonly Notification[]): Notification[] {
  const byId = new Map(current.map((n) => [n.id, n]));
  for (const n of incoming) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1)).slice(0, RECENT_LIMIT);
}

/** What the badge says: nothing at 0, "99+" past 99. */
export function badgeText(unread: number): string {
  return unread <= 0 ? '' : unread > 99 ? '99+' : String(unread);
}
