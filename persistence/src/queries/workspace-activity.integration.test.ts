import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../database';
import { migrate } from '../migrate';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { insertUser } from './users';
import { deleteWorkspace, insertWorkspace } from './workspaces';
import { latestWorkspaceActivity, recordWorkspaceActivity } from './workspace-activity';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.url);
  await migrate(db);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

describe('workspace activity', () => {
  it('is null until recorded, then the latest use, and goes with its workspace', async () => {
    const owner = await insertUser(db.pool, { username: 'active', email: 'active@example.com', passwordHash: 'x' });
    const workspace = { id: await insertWorkspace(db.pool, { ownerId: owner.id, name: 'busy', language: 'python' }) };
    expect(await latestWorkspaceActivity(db.pool, workspace.id)).toBeNull();
    const before = Date.now();
    await recordWorkspaceActivity(db.pool, workspace.id);
    const first = await latestWorkspaceActivity(db.pool, workspace.id);
    expect(first).toBeGreaterThanOrEqual(before - 1_000);
    await recordWorkspaceActivity(db.pool, workspace.id);
    expect(await latestWorkspaceActivity(db.pool, workspace.id)).toBeGreaterThanOrEqual(first!);
    await deleteWorkspace(db.pool, workspace.id);
    expect(await latestWorkspaceActivity(db.pool, workspace.id)).toBeNull();
  });
});
