/**
 * Notifications: a user's inbox (GET /api/notifications, mark read) and the messages of
 * the `/notifications` socket that keeps it live (docs/protocols.md, "the notification
 * socket"). Kinds are named once here; part 2 adds `comment`, `reply` and `mention`
 * kinds by adding names (the table's `kind` is text, checked against this list in a
 * constraint a later migration replaces, never a change of the row's shape).
 */
import { isoTimeSchema, uuidSchema } from './fields';
import { z } from './zod';

export const NOTIFICATION_KINDS = [
  'review_assigned',
  'review_claimed',
  'review_started',
  'review_verdict',
  'review_handed_back',
  'review_withdrawn',
  'review_rerequested',
  // Part 2 (comment threads): a reply on a thread you wrote or commented on, an @mention, a new thread on your review.
  'comment_reply',
  'comment_mention',
  'review_thread',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The outcomes a `review_verdict` carries (the review events of the same names). */
export const NOTIFICATION_VERDICTS = ['changes_requested', 'approved', 'rejected'] as const;
export type NotificationVerdict = (typeof NOTIFICATION_VERDICTS)[number];

/** Ids are PostgreSQL bigints, written as decimal strings (beyond 2^53 a JSON number would round). */
export const notificationIdSchema = z.string().regex(/^[1-9][0-9]{0,18}$/, 'a notification id: decimal digits');

export const notificationSchema = z
  .object({
    id: notificationIdSchema,
    kind: z.enum(NOTIFICATION_KINDS),
    reviewId: uuidSchema.nullable().openapi({ description: 'The review request it is about; null for kinds about something else' }),
    reviewTitle: z.string().nullable(),
    actorUsername: z.string().nullable().openapi({ description: 'Who did it; null if their account is gone' }),
    verdict: z.union([z.enum(NOTIFICATION_VERDICTS), z.null()]).openapi({ description: 'With `review_verdict`; else null' }),
    workspaceId: uuidSchema.nullable().optional().openapi({ description: 'With the comment kinds: the workspace of the thread; left out for the others' }),
    threadId: uuidSchema.nullable().optional().openapi({ description: 'With the comment kinds: the thread (GET /api/workspaces/{workspaceId}/threads/{threadId}); left out for the others' }),
    createdAt: isoTimeSchema,
    readAt: isoTimeSchema.nullable(),
  })
  .openapi('Notification');
export type Notification = z.infer<typeof notificationSchema>;

/** The most a user keeps: older ones are deleted as new ones arrive. */
export const NOTIFICATIONS_KEPT_PER_USER = 1000;

export const notificationListQuerySchema = z.object({
  cursor: z.string().max(100).optional().openapi({ description: '`nextCursor` of the page before' }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  unread: z.enum(['true', 'false']).optional().openapi({ description: 'true: unread ones only' }),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationListSchema = z.object({
  notifications: z.array(notificationSchema).openapi({ description: 'Newest first' }),
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last' }),
  unreadCount: z.number().int().min(0),
});
export type NotificationList = z.infer<typeof notificationListSchema>;

export const notificationParamsSchema = z.object({ id: notificationIdSchema.openapi({ description: 'The notification id' }) });

export const notificationReadSchema = z.object({ notification: notificationSchema, unreadCount: z.number().int().min(0) });
export type NotificationRead = z.infer<typeof notificationReadSchema>;

export const unreadCountSchema = z.object({ unreadCount: z.number().int().min(0) });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

/** Server → client on `/notifications`: `hello` first, then as things happen. Clients send nothing. */
export const notificationServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), unreadCount: z.number().int().min(0) }),
  z.object({ type: z.literal('notification'), notification: notificationSchema, unreadCount: z.number().int().min(0) }),
  z.object({ type: z.literal('unread'), unreadCount: z.number().int().min(0) }),
  // The liveness beat (../heartbeat.ts), spelled out here: http/ imports nothing above it.
  z.object({ type: z.literal('heartbeat') }),
]);
export type NotificationServerMessage = z.infer<typeof notificationServerMessageSchema>;
