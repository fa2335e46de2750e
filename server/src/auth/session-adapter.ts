/**
 * A lucia v3 adapter over slonik. Every session id is hashed (SHA-256, hex) before
 * it is stored or looked up, so `auth_sessions` never holds a usable cookie value:
 * a database leak does not let anyone sign in.
 */
import { createHash } from 'node:crypto';
import {
  deleteSession,
  deleteUserSessions,
  deleteExpiredSessions,
  findSessionWithUser,
  findUserSessions,
  insertSession,
  updateSessionExpiry,
  type Database,
} from '@tandem/persistence';
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia';

export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}

export function createSessionAdapter(db: Database): Adapter {
  const pool = db.pool;
  return {
    async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
      const found = await findSessionWithUser(pool, hashSessionId(sessionId));
      if (!found) return [null, null];
      const { session, user } = found;
      return [
        // lucia keeps working with the id it was given (the cookie value), not the hash.
        { id: sessionId, userId: session.userId, expiresAt: new Date(session.expiresAt), attributes: {} },
        { id: user.id, attributes: user },
      ];
    },
    async getUserSessions(userId) {
      // The raw ids are unknown by design; these sessions can be listed and counted, not resumed.
      const rows = await findUserSessions(pool, userId);
      return rows.map((s) => ({ id: s.id, userId: s.userId, expiresAt: new Date(s.expiresAt), attributes: {} }));
    },
    async setSession(session) {
      await insertSession(pool, { id: hashSessionId(session.id), userId: session.userId, expiresAt: session.expiresAt });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await updateSessionExpiry(pool, hashSessionId(sessionId), expiresAt);
    },
    async deleteSession(sessionId) {
      await deleteSession(pool, hashSessionId(sessionId));
    },
    async deleteUserSessions(userId) {
      await deleteUserSessions(pool, userId);
    },
    async deleteExpiredSessions() {
      await deleteExpiredSessions(pool);
    },
  };
}
