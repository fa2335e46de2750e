/**
 * Accounts: register, log in, log out, current user (DESIGN.md "Endpoints").
 *
 * - A taken username or email is told apart by the unique index that refused the
 *   insert (`users_username_key`, `users_email_key`), so two racing registrations
 *   cannot both pass a "does it exist?" check.
 * - Login answers an unknown user exactly like a wrong password, after the same
 *   argon2 work (a dummy hash), so neither the answer nor its timing reveals accounts.
 * - Failed sign-ins are limited per username and per client address, registrations per
 *   client address, in PostgreSQL so replicas share them (`auth/attempt-limits.ts`;
 *   429 `rate_limited`, Retry-After).
 * - Register and login from a foreign Origin are refused (login CSRF); no Origin
 *   (a script) is fine, since no browser credential is at stake.
 */
import { deleteExpiredUserSessions, findUserById, findUserCredentials, insertUser, UniqueViolationError } from '@tandem/persistence';
import { loginBodySchema, registerBodySchema, type UserEnvelope } from '@tandem/protocol';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { AttemptLimiter, pgAttemptStore } from '../auth/attempt-limiter';
import { createLucia } from '../auth/sessions';
import { tooManyAttempts } from '../auth/too-many-attempts';
import { userJson } from '../auth/user-json';
import type { ServerContext } from '../context';
import { clientAddress, trustedProxyList } from '../http/client-address';
import { conflict, forbidden, HttpError, unauthorized } from '../http/errors';
import type { RequestContext, Router } from '../http/router';
import { optionalUser, requireUser } from './require-user';

/** Register and login bodies are a few hundred bytes; this bounds what we read. */
const AUTH_BODY_LIMIT = 8 * 1024;

export function registerAuthRoutes(router: Router, ctx: ServerContext): void {
  const sessions = createLucia(ctx.db, ctx.config);
  const limiter = new AttemptLimiter(pgAttemptStore(ctx.db.pool), ctx.config.attemptLimits, ctx.log);
  const proxies = ctx.config.trustedProxies.length > 0 ? trustedProxyList(ctx.config.trustedProxies) : null;
  const addressOf = (req: RequestContext) => clientAddress(req.remoteAddress, req.headers['x-forwarded-for'], proxies);

  /**
   * Login CSRF: a foreign page must not sign the browser in (as the attacker). Browsers
   * always send Origin on cross-site POSTs; scripts without one may register and log in.
   */
  const checkOrigin = (req: RequestContext) => {
    const origin = req.headers['origin'];
    if (origin !== undefined && !ctx.hosts.allowsOrigin(origin)) {
      throw forbidden('Cross-origin sign-in refused: the Origin header does not match this server', 'csrf_origin_mismatch');
    }
  };

  const startSession = async (userId: string): Promise<string> => {
    const session = await sessions.createSession(userId, {});
    return sessions.createSessionCookie(session.id).serialize();
  };

  router.post(
    '/api/auth/register',
    async (req) => {
      checkOrigin(req);
      const body = req.json(registerBodySchema);
      const attempt = await limiter.register(addressOf(req));
      if (!attempt.allowed) return tooManyAttempts(attempt.retryAfterMs);
      const passwordHash = await hashPassword(body.password);
      let user;
      try {
        user = await insertUser(ctx.db.pool, { username: body.username, email: body.email, passwordHash });
      } catch (err) {
        if (err instanceof UniqueViolationError && err.constraint === 'users_username_key') {
          throw conflict('username_taken', 'That username is taken');
        }
        if (err instanceof UniqueViolationError && err.constraint === 'users_email_key') {
          throw conflict('email_taken', 'An account with that email exists');
        }
        throw err;
      }
      ctx.log.info({ userId: user.id, username: user.username }, 'user registered');
      return { status: 201, json: { user: userJson(user) } satisfies UserEnvelope, cookies: [await startSession(user.id)] };
    },
    { bodyLimit: AUTH_BODY_LIMIT, summary: 'Create an account and sign in' },
  );

  router.post(
    '/api/auth/login',
    async (req) => {
      checkOrigin(req);
      const body = req.json(loginBodySchema);
      const attempt = await limiter.signIn(body.username, addressOf(req));
      if (!attempt.allowed) return tooManyAttempts(attempt.retryAfterMs);
      const found = await findUserCredentials(ctx.db.pool, body.username);
      const ok = await verifyPassword(found?.passwordHash ?? null, body.password);
      // A failure stays counted; a success is taken back (it must not use up the budget).
      if (!found || !ok) throw new HttpError(401, 'invalid_credentials', 'Wrong username or password');
      // Sessions expire in the database too; sweeping the user's own dead ones here keeps the table small.
      await Promise.all([attempt.succeeded(), deleteExpiredUserSessions(ctx.db.pool, found.id)]);
      const { passwordHash: _hash, ...user } = found;
      return { json: { user: userJson(user) } satisfies UserEnvelope, cookies: [await startSession(user.id)] };
    },
    { bodyLimit: AUTH_BODY_LIMIT, summary: 'Sign in with username and password' },
  );

  router.post(
    '/api/auth/logout',
    async (req) => {
      // Idempotent: signed out already (or a dead cookie) still clears the cookie.
      const user = await optionalUser(ctx, req);
      if (user?.via === 'session' && user.sessionId) {
        await sessions.invalidateSession(user.sessionId);
        // This session's open /sync and /ws sockets close (4401).
        ctx.events.emit('credentialsChanged', user.id);
      }
      return { status: 204, cookies: [sessions.createBlankSessionCookie().serialize()] };
    },
    { bodyLimit: AUTH_BODY_LIMIT, summary: 'Sign out (ends this session)' },
  );

  router.get(
    '/api/auth/me',
    async (req) => {
      const auth = await requireUser(ctx, req);
      const user = await findUserById(ctx.db.pool, auth.id);
      if (!user) throw unauthorized();
      // Re-issue the cookie: lucia slides the session's expiry forward in the database
      // as it is used, and the browser's copy should follow it.
      const cookies = auth.via === 'session' && auth.sessionId ? [sessions.createSessionCookie(auth.sessionId).serialize()] : [];
      return { json: { user: userJson(user) } satisfies UserEnvelope, cookies };
    },
    { summary: 'The signed-in user' },
  );
}
