/**
 * Typed queries on `api_tokens`. Only the SHA-256 of a token is stored or looked
 * up (`token_hash`, raw 32 bytes); the token itself is shown to its owner once.
 */
import { sql, type CommonQueryMethods, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { inTransaction } from '../transaction';
import { userRow, type UserRow } from './users';

export const tokenRow = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});
export type TokenRow = z.infer<typeof tokenRow>;

const TOKEN_COLUMNS = sql.fragment`id, name, created_at AS "createdAt", last_used_at AS "lastUsedAt"`;

export type InsertTokenResult = { ok: true; token: TokenRow } | { ok: false; reason: 'limit' };

/**
 * Inserts a token unless the user already has `limit` of them. The user's row is
 * locked for the count and insert, so concurrent creations cannot overshoot.
 */
export async function insertToken(
  pool: DatabasePool,
  token: { userId: string; name: string; hash: Buffer },
  limit: number,
): Promise<InsertTokenResult> {
  return inTransaction(pool, async (tx) => {
    await tx.query(sql.unsafe`SELECT 1 FROM users WHERE id = ${token.userId} FOR UPDATE`);
    const count = await tx.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM api_tokens WHERE user_id = ${token.userId}`);
    if (count >= limit) return { ok: false, reason: 'limit' } as const;
    const row = await tx.one(sql.type(tokenRow)`
      INSERT INTO api_tokens (user_id, name, token_hash)
      VALUES (${token.userId}, ${token.name}, ${sql.binary(token.hash)})
      RETURNING ${TOKEN_COLUMNS}`);
    return { ok: true, token: row } as const;
  });
}

export async function listTokens(db: CommonQueryMethods, userId: string): Promise<TokenRow[]> {
  const rows = await db.any(sql.type(tokenRow)`
    SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ${userId} ORDER BY created_at, id`);
  return [...rows];
}

/** Deletes the user's token; false when no such token belongs to that user. */
export async function deleteToken(db: CommonQueryMethods, userId: string, id: string): Promise<boolean> {
  const result = await db.query(sql.unsafe`DELETE FROM api_tokens WHERE id = ${id} AND user_id = ${userId}`);
  return result.rowCount > 0;
}

const tokenUserRow = z.object({ tokenId: z.string(), lastUsedAt: z.number().nullable(), user: userRow });

/** The token's owner, by token hash, in one round trip. */
export async function findTokenUser(
  db: CommonQueryMethods,
  hash: Buffer,
): Promise<{ tokenId: string; lastUsedAt: number | null; user: UserRow } | null> {
  return db.maybeOne(sql.type(tokenUserRow)`
    SELECT t.id AS "tokenId", t.last_used_at AS "lastUsedAt",
      json_build_object(
        'id', u.id, 'username', u.username, 'email', u.email,
        'reviewerLevel', u.reviewer_level,
        'createdAt', (extract(epoch FROM u.created_at) * 1000)::float8
      ) AS "user"
    FROM api_tokens t JOIN users u ON u.id = t.user_id
    WHERE t.token_hash = ${sql.binary(hash)}`);
}

/** Records a use; skipped in SQL as well when the last one is under a minute old. */
export async function touchToken(db: CommonQueryMethods, id: string): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE api_tokens SET last_used_at = now()
    WHERE id = ${id} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`);
}
