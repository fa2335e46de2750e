/**
 * Everything an upgrade to `/sync` with an API token needs, in one round trip: the
 * token's user, their role in the workspace and the item. A join storm (a class, a
 * reconnect after a deploy) opens hundreds of sockets at once; three slonik queries
 * each, one after the other, made time to synced several times the peers'
 * (load-tests/README.md). Raw node-postgres with a named statement: prepared once
 * per connection, no per-query interceptors.
 *
 * The same answers as findTokenUser + findWorkspaceRole + findItem: no role when
 * the workspace does not exist or the user is neither in it nor its assigned reviewer
 * (the same grant as workspaces.ts `reviewerGrant`); no item unless it is in
 * that workspace.
 */
import type pg from 'pg';
import type { AccessRole } from './workspaces';

export interface TokenAdmission {
  tokenId: string;
  /** ms since the epoch, or null if never used. */
  lastUsedAt: number | null;
  user: { id: string; username: string; email: string; reviewerLevel: number };
  role: AccessRole | null;
  item: { id: string; type: 'file' | 'folder' } | null;
}

const TOKEN_ADMISSION = {
  name: 'tandem_sync_token_admission',
  text: `SELECT t.id, (extract(epoch FROM t.last_used_at) * 1000)::float8,
      u.id, u.username, u.email, u.reviewer_level,
      CASE WHEN w.owner_id = u.id THEN 'owner' WHEN m.role IS NOT NULL THEN m.role::text
           WHEN EXISTS (SELECT 1 FROM review_requests r WHERE r.reviewer_id = u.id AND r.workspace_id = w.id
                          AND r.status IN ('pending', 'in_review', 'changes_requested')) THEN 'reviewer' END,
      i.id, i.type
    FROM api_tokens t
    JOIN users u ON u.id = t.user_id
    LEFT JOIN workspaces w ON w.id = $2::uuid
    LEFT JOIN workspace_members m ON m.workspace_id = w.id AND m.user_id = u.id
    LEFT JOIN workspace_items i ON i.workspace_id = w.id AND i.id = $3::uuid
    WHERE t.token_hash = $1`,
} as const;

type Row = [string, number | null, string, string, string, number, AccessRole | null, string | null, 'file' | 'folder' | null];

/** The caller checks that both ids are UUIDs (PostgreSQL would reject the cast). */
export async function findTokenAdmission(pool: pg.Pool, tokenHash: Buffer, workspaceId: string, itemId: string): Promise<TokenAdmission | null> {
  const { rows } = await pool.query<Row>({ ...TOKEN_ADMISSION, values: [tokenHash, workspaceId, itemId], rowMode: 'array' });
  const row = rows[0];
  if (!row) return null;
  const [tokenId, lastUsedAt, id, username, email, reviewerLevel, role, itemRowId, itemType] = row;
  return {
    tokenId,
    lastUsedAt,
    user: { id, username, email, reviewerLevel },
    role,
    item: itemRowId && itemType ? { id: itemRowId, type: itemType } : null,
  };
}
