/**
 * A workspace's settings: the run commands its owner set (`workspaces.run_commands`,
 * null while they use the defaults). The shape is checked by the API before it is
 * stored and again here when read, so a hand-edited row cannot reach the IDE malformed.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

const stored = z.object({ runCommands: z.record(z.string(), z.string()).nullable() });

/** The owner's run commands; null for the defaults; undefined when there is no such workspace. */
export async function findRunCommands(db: CommonQueryMethods, workspaceId: string): Promise<Record<string, string> | null | undefined> {
  const row = await db.maybeOne(sql.type(stored)`
    SELECT run_commands AS "runCommands" FROM workspaces WHERE id = ${workspaceId}`);
  return row === null ? undefined : row.runCommands;
}

/** Replaces them; false when there is no such workspace. */
export async function storeRunCommands(db: CommonQueryMethods, workspaceId: string, runCommands: Record<string, string>): Promise<boolean> {
  const result = await db.query(sql.unsafe`
    UPDATE workspaces SET run_commands = ${sql.jsonb(runCommands)}, updated_at = now() WHERE id = ${workspaceId}`);
  return result.rowCount > 0;
}
