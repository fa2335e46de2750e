/**
 * A user's own reviewer level (0-4), changed with its audit row in one transaction:
 * `reviewer_level_events` holds every change, from and to.
 */
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { inTransaction } from '../transaction';

/** Sets the level; a change writes its event. Returns the level before, or null when the user does not exist. */
export async function setReviewerLevel(db: DatabasePool, userId: string, level: number): Promise<{ from: number } | null> {
  return inTransaction(db, async (tx) => {
    const from = await tx.maybeOneFirst(sql.type(z.object({ level: z.number() }))`
      SELECT reviewer_level AS level FROM users WHERE id = ${userId} FOR UPDATE`);
    if (from === null) return null;
    if (from !== level) {
      await tx.query(sql.unsafe`UPDATE users SET reviewer_level = ${level} WHERE id = ${userId}`);
      await tx.query(sql.unsafe`
        INSERT INTO reviewer_level_events (user_id, from_level, to_level) VALUES (${userId}, ${from}, ${level})`);
    }
    return { from };
  });
}
