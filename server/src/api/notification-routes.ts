/**
 * A user's notifications: the inbox a page at a time, mark one or all read. Only ever
 * the caller's own: another user's notification id answers 404
 * `notification_not_found`, exactly as one that does not exist. Marking read announces
 * it (queries/notifications.ts), so the user's other tabs' sockets re-count. The
 * cookie-authenticated POSTs get the origin check every state change does (`requireUser`).
 */
import { countUnread, findUserNotification, listNotifications, markNotificationsRead } from '@tandem/persistence';
import { notificationListQuerySchema, notificationParamsSchema, type NotificationList, type NotificationRead, type UnreadCount } from '@tandem/protocol';
import type { ServerContext } from '../context';
import { badRequest, notFound } from '../http/errors';
import type { Router } from '../http/router';
import { decodeNotificationCursor, encodeNotificationCursor, isNotificationId } from '../notifications/notification-cursor';
import { notificationJson } from '../notifications/notification-json';
import { requireUser } from './require-user';

const invalid = (path: string, message: string) => badRequest('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });

export function registerNotificationRoutes(router: Router, ctx: ServerContext): void {
  router.get('/api/notifications', async (req) => {
    const user = await requireUser(ctx, req);
    const parsed = notificationListQuerySchema.safeParse(Object.fromEntries(req.query));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(issue?.path.join('.') || 'query', issue?.message ?? 'not valid');
    }
    const query = parsed.data;
    const before = query.cursor === undefined ? undefined : decodeNotificationCursor(query.cursor);
    if (before === null) throw invalid('cursor', 'not a cursor this server gave');
    // Keyset on id: a row that commits after a page was read with an id below it (ids
    // are taken before commit) is not on a later page; the socket has pushed it anyway.
    const [rows, unreadCount] = await Promise.all([
      listNotifications(ctx.db.pool, { userId: user.id, unreadOnly: query.unread === 'true', before, limit: query.limit + 1 }),
      countUnread(ctx.db.pool, user.id),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeNotificationCursor(last.id) : null;
    return { json: { notifications: page.map(notificationJson), nextCursor, unreadCount } satisfies NotificationList };
  }, { summary: 'List my notifications' });

  router.post('/api/notifications/read-all', async (req) => {
    const user = await requireUser(ctx, req);
    await markNotificationsRead(ctx.db.pool, user.id, null, Date.now());
    return { json: { unreadCount: await countUnread(ctx.db.pool, user.id) } satisfies UnreadCount };
  }, { summary: 'Mark all my notifications read' });

  router.post('/api/notifications/:id/read', async (req) => {
    const user = await requireUser(ctx, req);
    const params = notificationParamsSchema.safeParse(req.params);
    if (!params.success) throw invalid('id', params.error.issues[0]?.message ?? 'not a notification id');
    const { id } = params.data;
    // Well-formed but beyond bigint: cannot exist.
    if (!isNotificationId(id)) throw notFound('Notification', 'notification_not_found');
    await markNotificationsRead(ctx.db.pool, user.id, id, Date.now());
    const row = await findUserNotification(ctx.db.pool, user.id, id);
    if (!row) throw notFound('Notification', 'notification_not_found');
    return { json: { notification: notificationJson(row), unreadCount: await countUnread(ctx.db.pool, user.id) } satisfies NotificationRead };
  }, { summary: 'Mark a notification read' });
}
