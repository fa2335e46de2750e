/**
 * Counters of sign-in and registration attempts (`auth_attempts`), shared by every
 * replica. Each key counts in a fixed window that starts with its first attempt;
 * the next attempt after the window ended starts a new one in the same row.
 * Counting is one statement for all the keys of an attempt (one round trip).
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

export interface AttemptKey {
  key: string;
  /** Length of the key's window, should this attempt start one. */
  windowMs: number;
}

export interface AttemptCount {
  key: string;
  /** Attempts in the current window, this one included. */
  attempts: number;
  /** Until the window ends, by the database's clock (the same for every replica). */
  retryAfterMs: number;
}

const countRow = z.object({ key: z.string(), attempts: z.number().int(), retryAfterMs: z.number() });

/**
 * Counts one attempt against each key and returns the counts. Keys are taken in
 * sorted order, so two statements locking the same rows cannot deadlock; a key
 * must not appear twice.
 */
export async function countAttempts(db: CommonQueryMethods, keys: readonly AttemptKey[]): Promise<AttemptCount[]> {
  if (keys.length === 0) return [];
  const rows = await db.any(sql.type(countRow)`
    INSERT INTO auth_attempts AS a (key, attempts, window_ends_at)
    SELECT k, 1, now() + w * interval '1 millisecond'
    FROM unnest(${sql.array(keys.map((k) => k.key), 'text')}, ${sql.array(keys.map((k) => k.windowMs), 'int4')}) AS t(k, w)
    ORDER BY k
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN a.window_ends_at <= now() THEN 1 ELSE a.attempts + 1 END,
      window_ends_at = CASE WHEN a.window_ends_at <= now() THEN excluded.window_ends_at ELSE a.window_ends_at END
    RETURNING a.key, a.attempts, greatest(0, extract(epoch FROM a.window_ends_at - now()) * 1000)::float8 AS "retryAfterMs"`);
  return [...rows];
}

/**
 * Takes back one attempt from each key whose window is still running (an attempt
 * that turned out not to count: a sign-in that succeeded, one refused for another key).
 */
export async function refundAttempts(db: CommonQueryMethods, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.query(sql.unsafe`
    UPDATE auth_attempts SET attempts = attempts - 1
    WHERE key = ANY(${sql.array([...keys].sort(), 'text')}) AND attempts > 0 AND window_ends_at > now()`);
}

/** Deletes the rows of windows that have ended; returns how many. */
export async function pruneAttempts(db: CommonQueryMethods): Promise<number> {
  const result = await db.query(sql.unsafe`DELETE FROM auth_attempts WHERE window_ends_at <= now()`);
  return result.rowCount;
}
