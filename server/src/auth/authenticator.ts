/**
 * The server's Authenticator port: API tokens (`Authorization: Bearer tdm_...` on
 * HTTP, `?token=` on WebSockets) and lucia session cookies.
 *
 * A Bearer token, when present, is the only credential considered: a bad token is a
 * 401 rather than a silent fall-back to whatever cookie came along. Other
 * Authorization schemes are not ours (say, Basic auth of a proxy in front) and are
 * ignored.
 */
import { findTokenAdmission, findTokenUser, touchToken, type Database } from '@tandem/persistence';
import type { Config } from '../config';
import type { AuthUser, Authenticator, Credentials, TokenAdmission } from '../context';
import { hashApiToken, looksLikeApiToken, parseBearer } from './api-token';
import { createLucia, type Sessions } from './sessions';

/** `last_used_at` is informational: one write a minute per token is plenty. */
const TOUCH_INTERVAL_MS = 60_000;

export function createAuthenticator(db: Database, config: Config): Authenticator {
  const sessions = createLucia(db, config);
  return {
    async authenticate(credentials: Credentials): Promise<AuthUser | null> {
      const bearer = parseBearer(credentials.authorization);
      if (bearer !== null) return byToken(db, bearer);
      if (credentials.token !== undefined) return byToken(db, credentials.token);
      if (credentials.cookie) return bySession(sessions, credentials.cookie);
      return null;
    },
    async admitToken(token, workspaceId, itemId): Promise<TokenAdmission | null> {
      if (!looksLikeApiToken(token)) return null;
      const found = await findTokenAdmission(db.raw, hashApiToken(token), workspaceId, itemId);
      if (!found) return null;
      touchIfStale(db, found.tokenId, found.lastUsedAt);
      return { user: { ...found.user, via: 'token' }, role: found.role, item: found.item };
    },
  };
}

async function byToken(db: Database, token: string): Promise<AuthUser | null> {
  if (!looksLikeApiToken(token)) return null;
  const found = await findTokenUser(db.pool, hashApiToken(token));
  if (!found) return null;
  touchIfStale(db, found.tokenId, found.lastUsedAt);
  const { id, username, email, reviewerLevel } = found.user;
  return { id, username, email, reviewerLevel, via: 'token' };
}

function touchIfStale(db: Database, tokenId: string, lastUsedAt: number | null): void {
  if (lastUsedAt !== null && Date.now() - lastUsedAt < TOUCH_INTERVAL_MS) return;
  // Not awaited: a failed bookkeeping write must not fail the request.
  touchToken(db.pool, tokenId).catch(() => {});
}

async function bySession(sessions: Sessions, cookieHeader: string): Promise<AuthUser | null> {
  const sessionId = sessions.readSessionCookie(cookieHeader);
  if (!sessionId) return null;
  const { session, user } = await sessions.validateSession(sessionId);
  if (!session) return null;
  return { id: user.id, username: user.username, email: user.email, reviewerLevel: user.reviewerLevel, via: 'session', sessionId };
}
