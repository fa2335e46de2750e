/** Environment leases on a real PostgreSQL: claims, epochs, renewal in one statement, release, races. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'slonik';
import { openDatabase, type Database } from '../database';
import { migrate } from '../migrate';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { claimEnvironmentLease, holdsEnvironmentLease, readEnvironmentLease, releaseEnvironmentLease, renewEnvironmentLeases } from './environment-leases';
import { insertUser } from './users';
import { insertWorkspace } from './workspaces';

let testDb: TestDatabase;
let db: Database;
let owner: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.url);
  await migrate(db);
  owner = (await insertUser(db.pool, { username: 'lease-owner', email: 'lease@example.com', passwordHash: 'x' })).id;
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const workspace = (name: string) => insertWorkspace(db.pool, { ownerId: owner, name, language: 'python' });
const claim = (workspaceId: string, ownerId: string, ttlMs = 10_000) => claimEnvironmentLease(db.pool, { workspaceId, ownerId, ownerAddress: `http://${ownerId}`, ttlMs });
const expire = (workspaceId: string) => db.pool.query(sql.unsafe`UPDATE environment_leases SET expires_at = now() - interval '1 millisecond' WHERE workspace_id = ${workspaceId}`);

describe('environment leases', () => {
  it('gives a free workspace to the first claimant at epoch 1, and tells the next who holds it', async () => {
    const ws = await workspace('free');
    const a = await claim(ws, 'a');
    expect(a).toMatchObject({ ownerId: 'a', ownerAddress: 'http://a', epoch: 1, live: true });
    const b = await claim(ws, 'b');
    expect(b).toMatchObject({ ownerId: 'a', epoch: 1, live: true });
  });

  it('keeps the epoch when the owner claims again, and grows it with every new owner, expired or released', async () => {
    const ws = await workspace('epochs');
    expect((await claim(ws, 'a'))!.epoch).toBe(1);
    expect((await claim(ws, 'a'))!.epoch).toBe(1);
    await expire(ws);
    expect(await claim(ws, 'b')).toMatchObject({ ownerId: 'b', epoch: 2 });
    expect(await releaseEnvironmentLease(db.pool, ws, 'b', 2)).toBe(true);
    expect(await claim(ws, 'a')).toMatchObject({ ownerId: 'a', epoch: 3 });
  });

  it('lets only the holder at its epoch release, and only while it holds it', async () => {
    const ws = await workspace('release');
    await claim(ws, 'a');
    expect(await releaseEnvironmentLease(db.pool, ws, 'b', 1)).toBe(false);
    expect(await releaseEnvironmentLease(db.pool, ws, 'a', 7)).toBe(false);
    expect(await holdsEnvironmentLease(db.pool, ws, 'a', 1)).toBe(true);
    expect(await releaseEnvironmentLease(db.pool, ws, 'a', 1)).toBe(true);
    expect(await holdsEnvironmentLease(db.pool, ws, 'a', 1)).toBe(false);
    expect(await readEnvironmentLease(db.pool, ws)).toMatchObject({ ownerId: 'a', epoch: 1, live: false });
  });

  it('renews every live lease of one replica in one statement, and leaves out what expired', async () => {
    const [one, two, lost] = await Promise.all([workspace('r1'), workspace('r2'), workspace('r3')]);
    for (const ws of [one, two, lost]) await claim(ws, 'renewer', 1_000);
    await expire(lost);
    const renewed = await renewEnvironmentLeases(db.pool, 'renewer', 60_000);
    expect(renewed.map((l) => l.workspaceId).sort()).toEqual([one, two].sort());
    for (const lease of renewed) expect(lease.expiresAt).toBeGreaterThan(Date.now() + 50_000);
    // The expired one can be taken by another replica; the renewer's next renewal does not bring it back.
    expect(await claim(lost, 'taker')).toMatchObject({ ownerId: 'taker', epoch: 2 });
    expect((await renewEnvironmentLeases(db.pool, 'renewer', 60_000)).map((l) => l.workspaceId)).not.toContain(lost);
  });

  it('gives a lease contended by twenty claimants to exactly one', async () => {
    const ws = await workspace('race');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claim(ws, `r${i}`)));
    const owners = new Set(results.map((r) => r!.ownerId));
    expect(owners.size).toBe(1);
    expect(results.every((r) => r!.epoch === 1)).toBe(true);
  });

  it('claims nothing for a workspace that does not exist', async () => {
    expect(await claim('00000000-0000-4000-8000-000000000000', 'a')).toBeNull();
  });

  it('goes with its workspace', async () => {
    const ws = await workspace('deleted');
    await claim(ws, 'a');
    await db.pool.query(sql.unsafe`DELETE FROM workspaces WHERE id = ${ws}`);
    expect(await readEnvironmentLease(db.pool, ws)).toBeNull();
  });
});
