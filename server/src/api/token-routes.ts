/**
 * API tokens for scripts and k6: create (the token is shown once, only its SHA-256
 * is kept), list, revoke. A token may create further tokens: it already carries
 * its owner's full rights, so refusing would protect nothing.
 */
import { deleteToken, insertToken, listTokens, type TokenRow } from '@tandem/persistence';
import { createTokenBodySchema, type CreatedToken, type Token, type TokenList } from '@tandem/protocol';
import { generateApiToken, hashApiToken } from '../auth/api-token';
import type { ServerContext } from '../context';
import { conflict, HttpError } from '../http/errors';
import type { Router } from '../http/router';
import { isUuid, requireUser } from './require-user';

export const MAX_TOKENS_PER_USER = 100;

const tokenJson = (t: TokenRow): Token => ({
  id: t.id,
  name: t.name,
  createdAt: new Date(t.createdAt).toISOString(),
  lastUsedAt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString(),
});

const tokenNotFound = () => new HttpError(404, 'token_not_found', 'Token not found');

export function registerTokenRoutes(router: Router, ctx: ServerContext): void {
  router.post(
    '/api/tokens',
    async (req) => {
      const user = await requireUser(ctx, req);
      const { name } = req.json(createTokenBodySchema);
      const token = generateApiToken();
      const result = await insertToken(ctx.db.pool, { userId: user.id, name, hash: hashApiToken(token) }, MAX_TOKENS_PER_USER);
      if (!result.ok) throw conflict('token_limit', `At most ${MAX_TOKENS_PER_USER} tokens per user; revoke one first`);
      const { id, createdAt } = tokenJson(result.token);
      return { status: 201, json: { id, name: result.token.name, token, createdAt } satisfies CreatedToken };
    },
    { bodyLimit: 8 * 1024, summary: 'Create an API token (shown once)' },
  );

  router.get(
    '/api/tokens',
    async (req) => {
      const user = await requireUser(ctx, req);
      return { json: { tokens: (await listTokens(ctx.db.pool, user.id)).map(tokenJson) } satisfies TokenList };
    },
    { summary: 'Your API tokens (without their values)' },
  );

  router.delete(
    '/api/tokens/:id',
    async (req) => {
      const user = await requireUser(ctx, req);
      const id = req.params['id']!;
      if (!isUuid(id) || !(await deleteToken(ctx.db.pool, user.id, id))) throw tokenNotFound();
      // Its open /sync and /ws sockets close (4401).
      ctx.events.emit('credentialsChanged', user.id);
      return { status: 204 };
    },
    { summary: 'Revoke an API token' },
  );
}
