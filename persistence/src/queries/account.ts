/**
 * A user's own account: email and preferences, the password. The password hash is
 * read by id only to check the current password before it changes.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { ACCOUNT_COLUMNS, accountRow, type AccountRow } from './users';

export interface AccountChange {
  /** Lower-cased already; a taken one raises `UniqueViolationError` (`users_email_key`). */
  email?: string;
  /** Merged over what is stored (`||`): keys not in it stay as they are. */
  preferences?: Record<string, unknown>;
}

/** Applies the change in one statement; null when the user does not exist. */
export async function updateAccount(db: CommonQueryMethods, userId: string, change: AccountChange): Promise<AccountRow | null> {
  const sets = [];
  if (change.email !== undefined) sets.push(sql.fragment`email = ${change.email}`);
  if (change.preferences !== undefined) sets.push(sql.fragment`preferences = preferences || ${sql.jsonb(change.preferences as never)}`);
  if (sets.length === 0) return db.maybeOne(sql.type(accountRow)`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = ${userId}`);
  return db.maybeOne(sql.type(accountRow)`
    UPDATE users SET ${sql.join(sets, sql.fragment`, `)} WHERE id = ${userId} RETURNING ${ACCOUNT_COLUMNS}`);
}

export async function findPasswordHash(db: CommonQueryMethods, userId: string): Promise<string | null> {
  return db.maybeOneFirst(sql.type(z.object({ hash: z.string() }))`SELECT password_hash AS hash FROM users WHERE id = ${userId}`);
}

/**
 * Sets the new hash, only if the stored one is still `previousHash` (so two changes
 * racing on the same current password cannot both win), and ends the user's sessions
 * but `keepSessionId` (stored ids: hashed) in the same transaction's statement.
 * Returns whether the password changed.
 */
export async function replacePassword(
  db: CommonQueryMethods,
  change: { userId: string; previousHash: string; newHash: string; keepSessionId: string | null },
): Promise<boolean> {
  const changed = await db.maybeOneFirst(sql.type(z.object({ id: z.string() }))`
    WITH changed AS (
      UPDATE users SET password_hash = ${change.newHash}
      WHERE id = ${change.userId} AND password_hash = ${change.previousHash}
      RETURNING id
    ), ended AS (
      DELETE FROM auth_sessions s USING changed
      WHERE s.user_id = changed.id AND s.id IS DISTINCT FROM ${change.keepSessionId}
    )
    SELECT id FROM changed`);
  return changed !== null;
}
