/**
 * Typed queries on `notifications` (migration 006). Every write that changes a user's
 * inbox sends its NOTIFY in the same statement (payload: notification-notice.ts):
 * PostgreSQL delivers it when, and only if, the statement commits, after the row is
 * visible, so a row is never without its live message and a message never comes for
 * a row a reader cannot see. Ids are bigints, read and written as decimal strings.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { NOTIFICATION_CHANNEL } from '../notification-notice';

export const notificationRow = z.object({
  id: z.string(),
  userId: z.string(),
  kind: z.string(),
  reviewId: z.string().nullable(),
  reviewTitle: z.string().nullable(),
  actorUsername: z.string().nullable(),
  verdict: z.string().nullable(),
  /** With the comment kinds (from `data`); optional so rows made elsewhere need not name them. */
  workspaceId: z.string().nullable().optional(),
  threadId: z.string().nullable().optional(),
  createdAt: z.number(),
  readAt: z.number().nullable(),
});
export type NotificationRow = z.infer<typeof notificationRow>;

const SELECT_NOTIFICATION = sql.fragment`
  SELECT n.id::text AS id, n.user_id AS "userId", n.kind, n.review_id AS "reviewId", r.title AS "reviewTitle",
         a.username AS "actorUsername", n.data->>'verdict' AS verdict, n.data->>'workspaceId' AS "workspaceId", n.data->>'threadId' AS "threadId", n.created_at AS "createdAt", n.read_at AS "readAt"
  FROM notifications n
  LEFT JOIN review_requests r ON r.id = n.review_id
  LEFT JOIN users a ON a.id = n.actor_id`;

export interface NewNotification {
  userId: string;
  kind: string;
  reviewId: string | null;
  actorId: string | null;
  eventId: string | null;
  /** What the kind needs beyond the columns (a verdict); a JSON object. */
  data: Record<string, string>;
  /** ms since the epoch. */
  at: number;
}

/**
 * Writes the notifications of one change, announces each on the channel and trims
 * each recipient's inbox to the newest `keep`, in one statement. A notification of an
 * event already written for that recipient and kind is skipped (so a retry adds
 * nothing). The trim's look-up sees the table as it was before this statement, so it
 * keeps `keep` minus the new rows of the old ones.
 */
export async function insertNotifications(
  db: CommonQueryMethods,
  rows: readonly NewNotification[],
  keep: number,
  channel = NOTIFICATION_CHANNEL,
): Promise<Array<{ id: string; userId: string }>> {
  if (rows.length === 0) return [];
  const inserted = await db.any(sql.type(z.object({ id: z.string(), userId: z.string(), notified: z.number() }))`
    WITH input AS (
      SELECT * FROM unnest(
        ${sql.array(rows.map((r) => r.userId), 'uuid')}, ${sql.array(rows.map((r) => r.kind), 'text')},
        ${sql.array(rows.map((r) => r.reviewId), 'uuid')}, ${sql.array(rows.map((r) => r.actorId), 'uuid')},
        ${sql.array(rows.map((r) => r.eventId), 'uuid')}, ${sql.array(rows.map((r) => JSON.stringify(r.data)), 'jsonb')},
        ${sql.array(rows.map((r) => new Date(r.at).toISOString()), 'timestamptz')}
      ) WITH ORDINALITY AS t(user_id, kind, review_id, actor_id, event_id, data, created_at, ord)
    ),
    inserted AS (
      INSERT INTO notifications (user_id, kind, review_id, actor_id, event_id, data, created_at)
      SELECT user_id, kind, review_id, actor_id, event_id, data, created_at FROM input ORDER BY ord
      ON CONFLICT (event_id, user_id, kind) WHERE event_id IS NOT NULL DO NOTHING
      RETURNING id, user_id
    ),
    notified AS (
      SELECT count(pg_notify(${channel}, '1;new;' || o.user_id::text || ';' || o.id::text)) AS n
      FROM (SELECT id, user_id FROM inserted ORDER BY id) AS o
    ),
    pruned AS (
      DELETE FROM notifications AS old
      USING (
        SELECT fresh.user_id, cut.id
        FROM (SELECT user_id, count(*) AS n FROM inserted GROUP BY user_id) AS fresh
        CROSS JOIN LATERAL (
          SELECT id FROM notifications WHERE user_id = fresh.user_id ORDER BY id DESC OFFSET greatest(${keep} - fresh.n, 0) LIMIT 1
        ) AS cut
      ) AS limits
      WHERE old.user_id = limits.user_id AND old.id <= limits.id
      RETURNING 1
    )
    SELECT i.id::text AS id, i.user_id AS "userId", (SELECT n FROM notified)::int AS notified
    FROM inserted i, (SELECT count(*) FROM pruned) AS p
    ORDER BY i.id`);
  return inserted.map(({ id, userId }) => ({ id, userId }));
}

export interface NotificationPage {
  userId: string;
  unreadOnly: boolean;
  /** Only ids below this (the last of the page before). */
  before?: string;
  limit: number;
}

/** A page of one user's inbox, newest first (keyset on id: `notifications_user_id_idx`, or the unread one). */
export async function listNotifications(db: CommonQueryMethods, page: NotificationPage): Promise<readonly NotificationRow[]> {
  const conditions = [sql.fragment`n.user_id = ${page.userId}`];
  if (page.unreadOnly) conditions.push(sql.fragment`n.read_at IS NULL`);
  if (page.before !== undefined) conditions.push(sql.fragment`n.id < ${page.before}::bigint`);
  return db.any(sql.type(notificationRow)`
    ${SELECT_NOTIFICATION}
    WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY n.id DESC
    LIMIT ${page.limit}`);
}

/** The rows of these ids (what the live feed pushes), by id. */
export async function findNotifications(db: CommonQueryMethods, ids: readonly string[]): Promise<readonly NotificationRow[]> {
  if (ids.length === 0) return [];
  return db.any(sql.type(notificationRow)`
    ${SELECT_NOTIFICATION} WHERE n.id = ANY(${sql.array([...ids], 'int8')}) ORDER BY n.id`);
}

/** The notification if it is the user's; null for another user's as for none. */
export async function findUserNotification(db: CommonQueryMethods, userId: string, id: string): Promise<NotificationRow | null> {
  return db.maybeOne(sql.type(notificationRow)`${SELECT_NOTIFICATION} WHERE n.id = ${id}::bigint AND n.user_id = ${userId}`);
}

/** Unread counts of these users (users with none are left out). */
export async function countUnreadNotifications(db: CommonQueryMethods, userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.any(sql.type(z.object({ userId: z.string(), n: z.number() }))`
    SELECT user_id AS "userId", count(*)::int AS n FROM notifications
    WHERE user_id = ANY(${sql.array([...userIds], 'uuid')}) AND read_at IS NULL
    GROUP BY user_id`);
  return new Map(rows.map((r) => [r.userId, r.n]));
}

export async function countUnread(db: CommonQueryMethods, userId: string): Promise<number> {
  return (await countUnreadNotifications(db, [userId])).get(userId) ?? 0;
}

/**
 * Marks the user's notification `id` (or, with null, every one of theirs) read at `at`
 * and, when that changed anything, announces it (`1;read;<userId>`) so their other
 * sockets re-count. Already read: no change, no announcement.
 */
export async function markNotificationsRead(db: CommonQueryMethods, userId: string, id: string | null, at: number, channel = NOTIFICATION_CHANNEL): Promise<number> {
  const which = id === null ? sql.fragment`TRUE` : sql.fragment`id = ${id}::bigint`;
  const result = await db.one(sql.type(z.object({ n: z.number(), notified: z.number() }))`
    WITH updated AS (
      UPDATE notifications SET read_at = ${new Date(at).toISOString()}
      WHERE user_id = ${userId} AND read_at IS NULL AND ${which}
      RETURNING 1
    ),
    changed AS (SELECT count(*) AS n FROM updated)
    SELECT changed.n::int AS n,
           (CASE WHEN changed.n > 0 THEN (SELECT count(pg_notify(${channel}, '1;read;' || ${userId}::uuid::text))) ELSE 0 END)::int AS notified
    FROM changed`);
  return result.n;
}
