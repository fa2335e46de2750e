/**
 * Test fixtures written straight into PostgreSQL: users with API tokens, workspaces,
 * members and items, without going through the HTTP API (so socket tests neither
 * depend on nor wait for it). Rows follow the schema and the agreed formats:
 * tokens are `tdm_` + base64url(32 bytes), stored as SHA-256 of the token.
 *
 * Users get a password hash no password matches: log in through the API if a test
 * needs a cookie session.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '@tandem/persistence';
import type { Role } from '../context';

export interface FixtureUser {
  id: string;
  username: string;
  email: string;
  /** An API token of this user, for `?token=` and `Authorization: Bearer`. */
  token: string;
}

type Db = Pick<Database, 'raw'>;

export async function insertUser(db: Db, username = `user_${randomBytes(4).toString('hex')}`): Promise<FixtureUser> {
  const email = `${username}@example.test`;
  const { rows } = await db.raw.query<{ id: string }>(
    `INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3) RETURNING id`,
    [username, email, '$argon2id$v=19$m=19456,t=2,p=1$fixture$fixture'],
  );
  const id = rows[0]!.id;
  return { id, username, email, token: await insertToken(db, id) };
}

export async function insertToken(db: Db, userId: string, name = 'fixture'): Promise<string> {
  const token = `tdm_${randomBytes(32).toString('base64url')}`;
  const hash = createHash('sha256').update(token, 'utf8').digest();
  await db.raw.query(`INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3)`, [userId, name, hash]);
  return token;
}

export async function insertWorkspace(db: Db, ownerId: string, name = 'fixture workspace'): Promise<string> {
  const { rows } = await db.raw.query<{ id: string }>(`INSERT INTO workspaces (owner_id, name) VALUES ($1, $2) RETURNING id`, [ownerId, name]);
  return rows[0]!.id;
}

export async function insertMember(db: Db, workspaceId: string, userId: string, role: Exclude<Role, 'owner'>): Promise<void> {
  await db.raw.query(
    `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
    [workspaceId, userId, role],
  );
}

export interface FixtureItem {
  id: string;
  path: string;
}

/** A file or folder; `path` is derived from the parent's. `content` only fills the column (no Yjs state). */
export async function insertItem(
  db: Db,
  workspaceId: string,
  item: { name: string; type?: 'file' | 'folder'; parent?: FixtureItem | null; content?: string },
): Promise<FixtureItem> {
  const path = item.parent ? `${item.parent.path}/${item.name}` : item.name;
  const id = randomUUID();
  await db.raw.query(
    `INSERT INTO workspace_items (id, workspace_id, parent_id, name, type, path, content) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, workspaceId, item.parent?.id ?? null, item.name, item.type ?? 'file', path, item.content ?? ''],
  );
  return { id, path };
}

export interface SharedWorkspace {
  workspaceId: string;
  owner: FixtureUser;
  editor: FixtureUser;
  viewer: FixtureUser;
  /** A user with no role in the workspace. */
  outsider: FixtureUser;
  file: FixtureItem;
  folder: FixtureItem;
}

/** The usual cast: a workspace with an owner, an editor, a viewer, an outsider, a file and a folder. */
export async function insertSharedWorkspace(db: Db): Promise<SharedWorkspace> {
  const [owner, editor, viewer, outsider] = await Promise.all(['owner', 'editor', 'viewer', 'outsider'].map((r) => insertUser(db, `${r}_${randomBytes(4).toString('hex')}`)));
  const workspaceId = await insertWorkspace(db, owner!.id);
  await insertMember(db, workspaceId, editor!.id, 'editor');
  await insertMember(db, workspaceId, viewer!.id, 'viewer');
  const file = await insertItem(db, workspaceId, { name: 'main.py' });
  const folder = await insertItem(db, workspaceId, { name: 'src', type: 'folder' });
  return { workspaceId, owner: owner!, editor: editor!, viewer: viewer!, outsider: outsider!, file, folder };
}

/** A review request straight into the table (no events): pending, unassigned unless `reviewerId` is given. */
export async function insertReviewRequest(
  db: Db,
  review: { workspaceId: string; authorId: string; reviewerId?: string | null; priority?: 'low' | 'medium' | 'high' | 'urgent'; title?: string },
): Promise<string> {
  const { rows } = await db.raw.query<{ id: string }>(
    `INSERT INTO review_requests (workspace_id, author_id, reviewer_id, title, priority, last_assigned_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $3::uuid IS NULL THEN NULL ELSE now() END) RETURNING id`,
    [review.workspaceId, review.authorId, review.reviewerId ?? null, review.title ?? 'fixture review', review.priority ?? 'low'],
  );
  return rows[0]!.id;
}
