/**
 * Workspaces and the caller's role in them. The owner is `workspaces.owner_id`, never
 * a `workspace_members` row, so every role lookup joins both.
 * Timestamps arrive as epoch milliseconds (the pool's timestamptz parser).
 */
import { sql, type CommonQueryMethods, type DatabasePool } from 'slonik';
import { inTransaction } from '../transaction';
import { z } from 'zod';

export type WorkspaceRole = 'owner' | 'editor' | 'viewer';
/** A member's role, or the grant of an assigned reviewer while their review is open. */
export type AccessRole = WorkspaceRole | 'reviewer';

/**
 * Whether `userId` is the assigned reviewer of an open review of workspace `w`: the
 * reviewer grant. Not a membership: it ends the moment the review closes or is
 * re-assigned, with nothing to clean up. (review_requests_reviewer_status_idx.)
 */
export const reviewerGrant = (userId: string) => sql.fragment`EXISTS (
  SELECT 1 FROM review_requests r
  WHERE r.reviewer_id = ${userId} AND r.workspace_id = w.id AND r.status IN ('pending', 'in_review', 'changes_requested'))`;

/** The caller's role in `w` (joined with their membership `m`): owner, member role, reviewer grant, or null. */
const accessRole = (userId: string) => sql.fragment`
  CASE WHEN w.owner_id = ${userId} THEN 'owner' WHEN m.role IS NOT NULL THEN m.role::text
       WHEN ${reviewerGrant(userId)} THEN 'reviewer' END`;

const workspaceRow = z.object({
  id: z.string(),
  ownerId: z.string(),
  ownerUsername: z.string(),
  name: z.string(),
  language: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  lastActivityAt: z.number(),
  role: z.enum(['owner', 'editor', 'viewer', 'reviewer']),
});
export type WorkspaceRow = z.infer<typeof workspaceRow>;

/** The columns of a WorkspaceRow as seen by `userId` (role computed from ownership or membership). */
const columns = (userId: string) => sql.fragment`
  w.id, w.owner_id AS "ownerId", o.username AS "ownerUsername", w.name, w.language,
  w.created_at AS "createdAt", w.updated_at AS "updatedAt", w.last_activity_at AS "lastActivityAt",
  ${accessRole(userId)} AS role`;

const visibleTo = (userId: string) => sql.fragment`
  FROM workspaces w
  JOIN users o ON o.id = w.owner_id
  LEFT JOIN workspace_members m ON m.workspace_id = w.id AND m.user_id = ${userId}`;

/** The user's role (or reviewer grant), or null when they have none or no such workspace. Ids must be UUIDs. */
export async function findWorkspaceRole(db: CommonQueryMethods, workspaceId: string, userId: string): Promise<AccessRole | null> {
  const role = await db.maybeOneFirst(sql.type(z.object({ role: z.enum(['owner', 'editor', 'viewer', 'reviewer']).nullable() }))`
    SELECT ${accessRole(userId)} AS role
    FROM workspaces w
    LEFT JOIN workspace_members m ON m.workspace_id = w.id AND m.user_id = ${userId}
    WHERE w.id = ${workspaceId}`);
  return role ?? null;
}

/** The workspace as its owner, a member or its assigned reviewer sees it. */
export async function findWorkspaceForUser(db: CommonQueryMethods, workspaceId: string, userId: string): Promise<WorkspaceRow | null> {
  return db.maybeOne(sql.type(workspaceRow)`
    SELECT ${columns(userId)} ${visibleTo(userId)}
    WHERE w.id = ${workspaceId} AND (w.owner_id = ${userId} OR m.user_id IS NOT NULL OR ${reviewerGrant(userId)})`);
}

/** Owned and shared workspaces, most recently active first. */
export async function listWorkspacesForUser(db: CommonQueryMethods, userId: string): Promise<readonly WorkspaceRow[]> {
  return db.any(sql.type(workspaceRow)`
    SELECT ${columns(userId)} ${visibleTo(userId)}
    WHERE w.owner_id = ${userId} OR m.user_id IS NOT NULL
    ORDER BY w.last_activity_at DESC, w.created_at DESC, w.id`);
}

/**
 * Locks the owner's user row for the rest of the transaction and counts their
 * workspaces: two concurrent creations by one user cannot both pass the limit.
 */
export async function countOwnedWorkspacesLocked(db: CommonQueryMethods, ownerId: string): Promise<number> {
  await db.query(sql.unsafe`SELECT 1 FROM users WHERE id = ${ownerId} FOR NO KEY UPDATE`);
  return db.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM workspaces WHERE owner_id = ${ownerId}`);
}

export async function insertWorkspace(
  db: CommonQueryMethods,
  input: { ownerId: string; name: string; language: string },
): Promise<string> {
  return db.oneFirst(sql.type(z.object({ id: z.string() }))`
    INSERT INTO workspaces (owner_id, name, language)
    VALUES (${input.ownerId}, ${input.name}, ${input.language})
    RETURNING id`);
}

/** Renames; false when there is no such workspace. */
export async function renameWorkspace(db: CommonQueryMethods, workspaceId: string, name: string): Promise<boolean> {
  const result = await db.query(sql.unsafe`
    UPDATE workspaces SET name = ${name}, updated_at = now() WHERE id = ${workspaceId}`);
  return result.rowCount > 0;
}

/** Item ids of the workspace's files (for dropping their live documents), then the delete; cascades. */
export async function deleteWorkspace(db: DatabasePool, workspaceId: string): Promise<{ deleted: boolean; fileIds: string[] }> {
  return inTransaction(db, async (tx) => {
    const fileIds = await tx.anyFirst(sql.type(z.object({ id: z.string() }))`
      SELECT id FROM workspace_items WHERE workspace_id = ${workspaceId} AND type = 'file'`);
    const result = await tx.query(sql.unsafe`DELETE FROM workspaces WHERE id = ${workspaceId}`);
    return { deleted: result.rowCount > 0, fileIds: [...fileIds] };
  });
}

/**
 * Locks the workspace row for a structural change of its tree (create, move, delete).
 * Serialising these per workspace keeps the item limit exact and makes cycles from
 * two crossing folder moves impossible. NO KEY UPDATE does not block the foreign-key
 * checks of ordinary inserts elsewhere. Returns false when the workspace is gone.
 */
export async function lockWorkspaceTree(db: CommonQueryMethods, workspaceId: string): Promise<boolean> {
  const result = await db.query(sql.unsafe`SELECT 1 FROM workspaces WHERE id = ${workspaceId} FOR NO KEY UPDATE`);
  return result.rowCount > 0;
}

/** Marks the workspace active (list order); cheap, skipped when touched within the last minute. */
export async function touchWorkspace(db: CommonQueryMethods, workspaceId: string): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE workspaces SET last_activity_at = now()
    WHERE id = ${workspaceId} AND last_activity_at < now() - interval '1 minute'`);
}
