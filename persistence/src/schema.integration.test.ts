/** The schema's constraints, as the typed errors other packages match on report them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'slonik';
import { openDatabase, type Database } from './database';
import { migrate } from './migrate';
import { CheckViolationError, ForeignKeyViolationError, InvalidInputError, UniqueViolationError } from './errors';
import { createTestDatabase, type TestDatabase } from './testing/test-database';
import { deleteWorkspace, insertWorkspace } from './queries/workspaces';
import { latestWorkspaceActivity, recordWorkspaceActivity } from './queries/workspace-activity';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.url);
  await migrate(db);
});
afterAll(async () => {
  await db.close();
  await testDb.drop();
});

const addUser = (username: string, email: string) =>
  db.pool.oneFirst(sql.unsafe`INSERT INTO users (username, email, password_hash) VALUES (${username}, ${email}, 'h') RETURNING id`);

describe('schema', () => {
  it('refuses a taken username or email (any case), naming the constraint', async () => {
    await addUser('grace', 'Grace@example.com');
    await expect(addUser('grace', 'other@example.com')).rejects.toMatchObject({ constructor: UniqueViolationError, constraint: 'users_username_key' });
    await expect(addUser('hopper', 'grace@EXAMPLE.com')).rejects.toMatchObject({ constructor: UniqueViolationError, constraint: 'users_email_key' });
  });

  it('reports a missing referenced row as a foreign key violation', async () => {
    const missing = '00000000-0000-4000-8000-000000000001';
    await expect(db.pool.query(sql.unsafe`INSERT INTO workspaces (owner_id, name) VALUES (${missing}, 'w')`)).rejects.toBeInstanceOf(ForeignKeyViolationError);
  });

  it('keeps reviewer levels within 0..4 and ids well-formed', async () => {
    await expect(db.pool.query(sql.unsafe`INSERT INTO users (username, email, password_hash, reviewer_level) VALUES ('x', 'x@x', 'h', 5)`)).rejects.toBeInstanceOf(CheckViolationError);
    await expect(db.pool.query(sql.unsafe`SELECT * FROM users WHERE id = ${'nope'}`)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('allows one top-level item of a name per workspace, and one item per path', async () => {
    const owner = await addUser('ada', 'ada@example.com');
    const ws = await db.pool.oneFirst(sql.unsafe`INSERT INTO workspaces (owner_id, name) VALUES (${owner}, 'w') RETURNING id`);
    const insert = (name: string, path: string) =>
      db.pool.query(sql.unsafe`INSERT INTO workspace_items (workspace_id, name, type, path) VALUES (${ws}, ${name}, 'file', ${path})`);
    await insert('main.py', 'main.py');
    await expect(insert('main.py', 'other.py')).rejects.toMatchObject({ constraint: 'workspace_items_name_key' });
    await expect(insert('other.py', 'main.py')).rejects.toMatchObject({ constraint: 'workspace_items_path_key' });
  });

  it('deleting a user removes their workspaces, items and update log', async () => {
    const owner = await addUser('linus', 'linus@example.com');
    const ws = await db.pool.oneFirst(sql.unsafe`INSERT INTO workspaces (owner_id, name) VALUES (${owner}, 'w') RETURNING id`);
    const item = await db.pool.oneFirst(sql.unsafe`INSERT INTO workspace_items (workspace_id, name, type, path) VALUES (${ws}, 'a', 'file', 'a') RETURNING id`);
    await db.raw.query(`INSERT INTO document_updates (item_id, "update") VALUES ($1, '\\x01')`, [item]);
    await db.pool.query(sql.unsafe`DELETE FROM users WHERE id = ${owner}`);
    expect(await db.pool.oneFirst(sql.unsafe`SELECT count(*)::int FROM document_updates`)).toBe(0);
  });
});

describe('workspace activity', () => {
  it('is null until recorded, then the latest use, and goes with its workspace', async () => {
    const owner = String(await addUser('active', 'active@example.com'));
    const workspaceId = await insertWorkspace(db.pool, { ownerId: owner, name: 'busy', language: 'python' });
    expect(await latestWorkspaceActivity(db.pool, workspaceId)).toBeNull();
    const before = Date.now();
    await recordWorkspaceActivity(db.pool, workspaceId);
    const first = await latestWorkspaceActivity(db.pool, workspaceId);
    expect(first).toBeGreaterThanOrEqual(before - 1_000);
    await recordWorkspaceActivity(db.pool, workspaceId);
    expect(await latestWorkspaceActivity(db.pool, workspaceId)).toBeGreaterThanOrEqual(first!);
    await deleteWorkspace(db.pool, workspaceId);
    expect(await latestWorkspaceActivity(db.pool, workspaceId)).toBeNull();
  });
});
