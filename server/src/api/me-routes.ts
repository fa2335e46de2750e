/**
 * Your own account: email, reviewer level and editor preferences (`PATCH /api/users/me`),
 * and the password (`POST /api/users/me/password`).
 *
 * - A taken email is told by the unique index that refused it (`users_email_key`), so
 *   two accounts racing for one address cannot both get it: 409 `email_taken`.
 * - Preferences are a partial change merged in SQL (`preferences || patch`); a key that
 *   is not a preference is 400 `unknown_preference`, so a typo is never taken for saved.
 * - A wrong current password is 403 `wrong_password` (not 401: the caller is signed in,
 *   and clients sign out on 401) and counts against the account's own limit
 *   (`auth/attempt-limits.ts`), 429 `rate_limited` past it. A right one ends every
 *   other session of the user in the statement that changes the hash; this one stays,
 *   and the ended sessions' open sockets close (4401, `credentialsChanged`).
 */
import { findPasswordHash, findUserById, replacePassword, setReviewerLevel, UniqueViolationError, updateAccount } from '@tandem/persistence';
import { changePasswordBodySchema, PREFERENCE_KEYS, unknownPreferenceKeys, updateMeBodySchema, type UserEnvelope } from '@tandem/protocol';
import { z } from 'zod';
import { AttemptLimiter, pgAttemptStore } from '../auth/attempt-limiter';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { hashSessionId } from '../auth/session-adapter';
import { tooManyAttempts } from '../auth/too-many-attempts';
import { userJson } from '../auth/user-json';
import type { ServerContext } from '../context';
import { badRequest, conflict, HttpError, unauthorized } from '../http/errors';
import type { Router } from '../http/router';
import { requireUser } from './require-user';

/** Two passwords of at most 1024 bytes each, even written as JSON escapes. */
const PASSWORD_BODY_LIMIT = 16 * 1024;

const wrongPassword = () => new HttpError(403, 'wrong_password', 'The current password is wrong');

export function registerMeRoutes(router: Router, ctx: ServerContext): void {
  const limiter = new AttemptLimiter(pgAttemptStore(ctx.db.pool), ctx.config.attemptLimits, ctx.log);

  router.patch('/api/users/me', async (req) => {
    const auth = await requireUser(ctx, req);
    const unknown = unknownPreferenceKeys(req.json(z.unknown()));
    if (unknown.length > 0) {
      throw badRequest('unknown_preference', `preferences: ${unknown.map((k) => JSON.stringify(k)).join(', ')} is not a preference (${PREFERENCE_KEYS.join(', ')} are)`, { keys: unknown });
    }
    const body = req.json(updateMeBodySchema);
    let user;
    try {
      user = await updateAccount(ctx.db.pool, auth.id, { email: body.email, preferences: body.preferences });
    } catch (err) {
      if (err instanceof UniqueViolationError && err.constraint === 'users_email_key') throw conflict('email_taken', 'An account with that email exists');
      throw err;
    }
    if (!user) throw unauthorized();
    if (body.reviewerLevel !== undefined && body.reviewerLevel !== user.reviewerLevel) {
      if (!(await setReviewerLevel(ctx.db.pool, auth.id, body.reviewerLevel))) throw unauthorized();
      user = await findUserById(ctx.db.pool, auth.id);
      if (!user) throw unauthorized();
    }
    return { json: { user: userJson(user) } satisfies UserEnvelope };
  }, { summary: 'Change my email, reviewer level or editor preferences' });

  router.post('/api/users/me/password', async (req) => {
    const auth = await requireUser(ctx, req);
    const body = req.json(changePasswordBodySchema);
    const attempt = await limiter.passwordChange(auth.id);
    if (!attempt.allowed) return tooManyAttempts(attempt.retryAfterMs);
    const previousHash = await findPasswordHash(ctx.db.pool, auth.id);
    if (previousHash === null) throw unauthorized();
    if (!(await verifyPassword(previousHash, body.currentPassword))) throw wrongPassword();
    const keepSessionId = auth.via === 'session' && auth.sessionId ? hashSessionId(auth.sessionId) : null;
    const changed = await replacePassword(ctx.db.pool, { userId: auth.id, previousHash, newHash: await hashPassword(body.newPassword), keepSessionId });
    // Changed meanwhile by another request: the password given is no longer the current one.
    if (!changed) throw wrongPassword();
    await attempt.succeeded();
    // The ended sessions' open /sync and /ws sockets close (4401).
    ctx.events.emit('credentialsChanged', auth.id);
    ctx.log.info({ userId: auth.id }, 'password changed; other sessions ended');
    return { status: 204 };
  }, { bodyLimit: PASSWORD_BODY_LIMIT, summary: 'Change my password (ends my other sessions)' });
}
