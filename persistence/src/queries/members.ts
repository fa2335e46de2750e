/**
 * Workspace membership. The owner is not a `workspace_members` row: listings add the
 * owner from `workspaces.owner_id`, and the owner can neither be added nor removed.
 */
import { sql, type CommonQueryMethods, type DatabasePool } from 'slonik';
import { inTransaction } from '../transaction';
import { z } from 'zod';

export type MemberRole = 'editor' | 'viewer';

const memberRow = z.object({
  userId: z.string(),
  username: z.string(),
  role: z.enum(['owner', 'editor', 'viewer']),
  addedAt: z.number(),
});
export type MemberRow = z.infer<typeof memberRow>;

/** The owner first, then members by username. */
export async function listMembers(db: CommonQueryMethods, workspaceId: string): Promise<readonly MemberRow[]> {
  return db.any(sql.type(memberRow)`
    SELECT u.id AS "userId", u.username, 'owner' AS role, w.created_at AS "addedAt", 0 AS rank
    FROM workspaces w JOIN users u ON u.id = w.owner_id
    WHERE w.id = ${workspaceId}
    UNION ALL
    SELECT u.id, u.username, m.role, m.created_at, 1
    FROM workspace_members m JOIN users u ON u.id = m.user_id
    WHERE m.workspace_id = ${workspaceId}
    ORDER BY rank, username`);
}

export async function findMember(db: CommonQueryMethods, workspaceId: string, userId: string): Promise<MemberRow | null> {
  return db.maybeOne(sql.type(memberRow)`
    SELECT u.id AS "userId", u.username, m.role, m.created_at AS "addedAt"
    FROM workspace_members m JOIN users u ON u.id = m.user_id
    WHERE m.workspace_id = ${workspaceId} AND m.user_id = ${userId}`);
}

export type AddMemberResult =
  | { kind: 'added'; member: MemberRow }
  | { kind: 'user_not_found' }
  | { kind: 'is_owner' };

/**
 * Adds a user by username. A second add of the same user raises UniqueViolationError
 * on `workspace_members_pkey` (race-safe "already a member").
 */
export async function addMemberByUsername(
  db: DatabasePool,
  input: { workspaceId: string; username: string; role: MemberRole },
): Promise<AddMemberResult> {
  return inTransaction(db, async (tx) => {
    const user = await tx.maybeOne(sql.type(z.object({ id: z.string(), username: z.string(), isOwner: z.boolean() }))`
      SELECT u.id, u.username, (w.owner_id = u.id) AS "isOwner"
      FROM users u, workspaces w
      WHERE u.username = ${input.username} AND w.id = ${input.workspaceId}`);
    if (!user) return { kind: 'user_not_found' } as const;
    if (user.isOwner) return { kind: 'is_owner' } as const;
    const addedAt = await tx.oneFirst(sql.type(z.object({ createdAt: z.number() }))`
      INSERT INTO workspace_members (workspace_id, user_id, role)
      VALUES (${input.workspaceId}, ${user.id}, ${input.role})
      RETURNING created_at AS "createdAt"`);
    return { kind: 'added', member: { userId: user.id, username: user.username, role: input.role, addedAt } } as const;
  });
}

/** Changes a member's role; null when the user is not a member (the owner never is). */
export async function updateMemberRole(
  db: CommonQueryMethods,
  workspaceId: string,
  userId: string,
  role: MemberRole,
): Promise<MemberRow | null> {
  const changed = await db.query(sql.unsafe`
    UPDATE workspace_members SET role = ${role} WHERE workspace_id = ${workspaceId} AND user_id = ${userId}`);
  return changed.rowCount > 0 ? findMember(db, workspaceId, userId) : null;
}

/** Removes a member; false when the user was not one. */
export async function removeMember(db: CommonQueryMethods, workspaceId: string, userId: string): Promise<boolean> {
  const result = await db.query(sql.unsafe`
    DELETE FROM workspace_members WHERE workspace_id = ${workspaceId} AND user_id = ${userId}`);
  return result.rowCount > 0;
}
