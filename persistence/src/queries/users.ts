/**
 * Typed queries on `users`. The password hash only leaves the database through
 * `findUserCredentials` (login); every other read returns the public row.
 * Timestamps arrive as epoch milliseconds (slonik's default timestamptz parser).
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

export const userRow = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  reviewerLevel: z.number().int(),
  createdAt: z.number(),
});
export type UserRow = z.infer<typeof userRow>;

/** The user as they see themselves: with their preferences (stored as chosen; resolved by @tandem/protocol). */
export const accountRow = userRow.extend({ preferences: z.unknown() });
export type AccountRow = z.infer<typeof accountRow>;

const credentialsRow = accountRow.extend({ passwordHash: z.string() });
export type UserCredentialsRow = z.infer<typeof credentialsRow>;

const USER_COLUMNS = sql.fragment`id, username, email, reviewer_level AS "reviewerLevel", created_at AS "createdAt"`;
export const ACCOUNT_COLUMNS = sql.fragment`${USER_COLUMNS}, preferences`;

export interface NewUser {
  username: string;
  email: string;
  passwordHash: string;
}

/**
 * Inserts a user. A taken username or email raises `UniqueViolationError` with
 * `constraint` = `users_username_key` or `users_email_key` (race-safe: the index decides).
 */
export async function insertUser(db: CommonQueryMethods, user: NewUser): Promise<AccountRow> {
  return db.one(sql.type(accountRow)`
    INSERT INTO users (username, email, password_hash)
    VALUES (${user.username}, ${user.email}, ${user.passwordHash})
    RETURNING ${ACCOUNT_COLUMNS}`);
}

export async function findUserById(db: CommonQueryMethods, id: string): Promise<AccountRow | null> {
  return db.maybeOne(sql.type(accountRow)`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = ${id}`);
}

export async function findUserByUsername(db: CommonQueryMethods, username: string): Promise<UserRow | null> {
  return db.maybeOne(sql.type(userRow)`SELECT ${USER_COLUMNS} FROM users WHERE username = ${username}`);
}

/** The row with its password hash, for login only. */
export async function findUserCredentials(db: CommonQueryMethods, username: string): Promise<UserCredentialsRow | null> {
  return db.maybeOne(sql.type(credentialsRow)`
    SELECT ${ACCOUNT_COLUMNS}, password_hash AS "passwordHash" FROM users WHERE username = ${username}`);
}
