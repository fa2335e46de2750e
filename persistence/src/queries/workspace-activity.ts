/**
 * Use of workspaces' execution environments, shared between replicas (the executor's
 * SharedActivity): one row per workspace, only ever moved forward.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

export async function recordWorkspaceActivity(db: CommonQueryMethods, workspaceId: string): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO workspace_activity (workspace_id, last_active_at) VALUES (${workspaceId}, now())
    ON CONFLICT (workspace_id) DO UPDATE SET last_active_at = greatest(workspace_activity.last_active_at, excluded.last_active_at)`);
}

/** ms since the epoch, or null when nobody recorded any. */
export async function latestWorkspaceActivity(db: CommonQueryMethods, workspaceId: string): Promise<number | null> {
  return db.maybeOneFirst(sql.type(z.object({ at: z.number() }))`
    SELECT (extract(epoch FROM last_active_at) * 1000)::float8 AS at FROM workspace_activity WHERE workspace_id = ${workspaceId}`);
}
