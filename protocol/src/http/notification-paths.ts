/** The operations of a user's notifications (server/src/api/notification-routes.ts). The live feed is the `/notifications` socket. */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  notificationListQuerySchema,
  notificationListSchema,
  notificationParamsSchema,
  notificationReadSchema,
  unreadCountSchema,
} from './notifications';
import { errorResponse, jsonResponse, signedInOperation } from './responses';

const badIdOrCursor = errorResponse('A malformed id, cursor, limit or filter', ['validation_failed']);

export const notificationPaths: RouteConfig[] = [
  signedInOperation('notifications', 'get', '/api/notifications', 'Your notifications, newest first, with how many are unread', {
    query: notificationListQuerySchema,
  }, {
    200: jsonResponse('A page of notifications', notificationListSchema),
    400: badIdOrCursor,
  }),
  signedInOperation('notifications', 'post', '/api/notifications/{id}/read', 'Mark one notification read (again: no change)', { params: notificationParamsSchema }, {
    200: jsonResponse('The notification, and how many are still unread', notificationReadSchema),
    400: badIdOrCursor,
    404: errorResponse('No such notification of yours (another user\'s is not told apart)', ['notification_not_found']),
  }),
  signedInOperation('notifications', 'post', '/api/notifications/read-all', 'Mark every notification of yours read', {}, {
    200: jsonResponse('How many are unread now (0, unless one arrived meanwhile)', unreadCountSchema),
  }),
];
