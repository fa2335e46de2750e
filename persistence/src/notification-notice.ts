/**
 * The payload of the notification channel (`tandem_notifications`): which user's inbox
 * changed, so every replica can push to its own sockets of that user. Pure: the SQL of
 * queries/notifications.ts builds the same text; `encodeNotificationNotice` is the
 * reference it is tested against.
 *
 *   1;new;<userId>;<notificationId>   a notification was written (fetch it by id)
 *   1;read;<userId>                    some were marked read (re-count the unread)
 *
 * `1` is the format version: anything else decodes to null, and the listener treats it
 * as a gap (re-counts every connected user) rather than guess.
 */

export const NOTIFICATION_CHANNEL = 'tandem_notifications';

export type NotificationNotice = { kind: 'new'; userId: string; id: string } | { kind: 'read'; userId: string };

export function encodeNotificationNotice(notice: NotificationNotice): string {
  return notice.kind === 'new' ? `1;new;${notice.userId};${notice.id}` : `1;read;${notice.userId}`;
}

const NEW = /^1;new;([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12});([1-9][0-9]{0,18})$/;
const READ = /^1;read;([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function decodeNotificationNotice(payload: string): NotificationNotice | null {
  const created = NEW.exec(payload);
  if (created) return { kind: 'new', userId: created[1]!, id: created[2]! };
  const read = READ.exec(payload);
  return read ? { kind: 'read', userId: read[1]! } : null;
}
