/**
 * Typed queries on `auth_sessions` (lucia v3). `id` is whatever the caller stores:
 * the auth adapter passes the SHA-256 hex of the cookie value, never the value itself.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { userRow, type UserRow } from './users';

const sessionRow = z.object({ id: z.string(), userId: z.string(), expiresAt: z.number() });
export type SessionRow = z.infer<typeof sessionRow>;

const sessionWithUserRow = z.object({
  id: z.string(),
  userId: z.string(),
  expiresAt: z.number(),
  user: userRow,
});

export async function insertSession(db: CommonQueryMethods, session: { id: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO auth_sessions (id, user_id, expires_at)
    VALUES (${session.id}, ${session.userId}, ${sql.timestamp(session.expiresAt)})`);
}

/** The session and its user in one round trip (every cookie-authenticated request does this). */
export async function findSessionWithUser(db: CommonQueryMethods, id: string): Promise<{ session: SessionRow; user: UserRow } | null> {
  const row = await db.maybeOne(sql.type(sessionWithUserRow)`
    SELECT s.id, s.user_id AS "userId", s.expires_at AS "expiresAt",
      json_build_object(
        'id', u.id, 'username', u.username, 'email', u.email,
        'reviewerLevel', u.reviewer_level,
        'createdAt', (extract(epoch FROM u.created_at) * 1000)::float8
      ) AS "user"
    FROM auth_sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${id}`);
  if (!row) return null;
  const { user, ...session } = row;
  return { session, user };
}

export async function findUserSessions(db: CommonQueryMethods, userId: string): Promise<SessionRow[]> {
  const rows = await db.any(sql.type(sessionRow)`
    SELECT id, user_id AS "userId", expires_at AS "expiresAt" FROM auth_sessions WHERE user_id = ${userId}`);
  return [...rows];
}

export async function updateSessionExpiry(db: CommonQueryMethods, id: string, expiresAt: Date): Promise<void> {
  await db.query(sql.unsafe`UPDATE auth_sessions SET expires_at = ${sql.timestamp(expiresAt)} WHERE id = ${id}`);
}

export async function deleteSession(db: CommonQueryMethods, id: string): Promise<void> {
  await db.query(sql.unsafe`DELETE FROM auth_sessions WHERE id = ${id}`);
}

export async function deleteUserSessions(db: CommonQueryMethods, userId: string): Promise<void> {
  await db.query(sql.unsafe`DELETE FROM auth_sessions WHERE user_id = ${userId}`);
}

export async function deleteExpiredSessions(db: CommonQueryMethods): Promise<number> {
  const result = await db.query(sql.unsafe`DELETE FROM auth_sessions WHERE expires_at <= now()`);
  return result.rowCount;
}

/** One user's expired sessions (uses the user_id index; run at login). */
export async function deleteExpiredUserSessions(db: CommonQueryMethods, userId: string): Promise<void> {
  await db.query(sql.unsafe`DELETE FROM auth_sessions WHERE user_id = ${userId} AND expires_at <= now()`);
}
