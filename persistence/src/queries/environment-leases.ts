/**
 * Leases on workspaces' execution environments (migration 012): acquire, renew all of
 * a replica's in one statement, give up, read. Pure SQL; the server's lease keeper
 * (server/src/replicas/lease-keeper.ts) decides when.
 */
import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

export interface EnvironmentLease {
  workspaceId: string;
  ownerId: string;
  ownerAddress: string;
  epoch: number;
  /** ms since the epoch, PostgreSQL's clock. */
  expiresAt: number;
  /** Whether the lease was live (unexpired) when read. */
  live: boolean;
}

const leaseRow = z.object({
  workspace_id: z.string(),
  owner_id: z.string(),
  owner_address: z.string(),
  epoch: z.number(),
  expires_at: z.number(),
  live: z.boolean(),
});

const toLease = (r: z.infer<typeof leaseRow>): EnvironmentLease => ({
  workspaceId: r.workspace_id,
  ownerId: r.owner_id,
  ownerAddress: r.owner_address,
  epoch: r.epoch,
  expiresAt: r.expires_at,
  live: r.live,
});

const COLUMNS = sql.fragment`workspace_id, owner_id, owner_address, epoch::float8 AS epoch, (extract(epoch FROM expires_at) * 1000)::float8 AS expires_at, expires_at > now() AS live`;

export interface LeaseClaim {
  workspaceId: string;
  ownerId: string;
  ownerAddress: string;
  ttlMs: number;
}

/**
 * Takes the lease when it is free (no row, or expired) or already ours; returns the
 * lease as it now stands, whoever holds it (`ownerId` says whether the claim won).
 * A new owner gets the next epoch; the same owner renewing keeps its epoch (nobody
 * held it in between, or the owner would differ). A workspace that does not exist
 * yields null.
 */
export async function claimEnvironmentLease(db: CommonQueryMethods, claim: LeaseClaim): Promise<EnvironmentLease | null> {
  const ttl = sql.fragment`make_interval(secs => ${claim.ttlMs / 1000})`;
  const won = await db.maybeOne(sql.type(leaseRow)`
    INSERT INTO environment_leases AS l (workspace_id, owner_id, owner_address, epoch, acquired_at, expires_at)
    SELECT ${claim.workspaceId}, ${claim.ownerId}, ${claim.ownerAddress}, 1, now(), now() + ${ttl}
    WHERE EXISTS (SELECT 1 FROM workspaces WHERE id = ${claim.workspaceId})
    ON CONFLICT (workspace_id) DO UPDATE SET
      owner_address = excluded.owner_address,
      epoch = CASE WHEN l.owner_id = excluded.owner_id THEN l.epoch ELSE l.epoch + 1 END,
      acquired_at = CASE WHEN l.owner_id = excluded.owner_id THEN l.acquired_at ELSE now() END,
      owner_id = excluded.owner_id,
      expires_at = excluded.expires_at
    WHERE l.owner_id = excluded.owner_id OR l.expires_at <= now()
    RETURNING ${COLUMNS}`);
  if (won) return toLease(won);
  return readEnvironmentLease(db, claim.workspaceId);
}

export async function readEnvironmentLease(db: CommonQueryMethods, workspaceId: string): Promise<EnvironmentLease | null> {
  const row = await db.maybeOne(sql.type(leaseRow)`SELECT ${COLUMNS} FROM environment_leases WHERE workspace_id = ${workspaceId}`);
  return row ? toLease(row) : null;
}

/**
 * Extends every live lease of one replica: one statement however many it holds.
 * Returns the leases it still holds; one it expected and did not get back was lost
 * (it expired, and maybe another replica took it).
 */
export async function renewEnvironmentLeases(db: CommonQueryMethods, ownerId: string, ttlMs: number): Promise<EnvironmentLease[]> {
  const rows = await db.any(sql.type(leaseRow)`
    UPDATE environment_leases SET expires_at = now() + make_interval(secs => ${ttlMs / 1000})
    WHERE owner_id = ${ownerId} AND expires_at > now()
    RETURNING ${COLUMNS}`);
  return rows.map(toLease);
}

/**
 * Gives a lease up at once (a replica stopping, or done with the workspace), so the
 * next claim need not wait for it to expire. Only the holder at `epoch` can; the row
 * stays so the epoch keeps growing. True when it was released.
 */
export async function releaseEnvironmentLease(db: CommonQueryMethods, workspaceId: string, ownerId: string, epoch: number): Promise<boolean> {
  const rows = await db.any(sql.unsafe`
    UPDATE environment_leases SET expires_at = now()
    WHERE workspace_id = ${workspaceId} AND owner_id = ${ownerId} AND epoch = ${epoch} AND expires_at > now()
    RETURNING workspace_id`);
  return rows.length > 0;
}

/** Whether `ownerId` still holds the lease at `epoch`, unexpired: asked before acting on what only an owner may do. */
export async function holdsEnvironmentLease(db: CommonQueryMethods, workspaceId: string, ownerId: string, epoch: number): Promise<boolean> {
  const held = await db.maybeOneFirst(sql.type(z.object({ held: z.boolean() }))`
    SELECT true AS held FROM environment_leases
    WHERE workspace_id = ${workspaceId} AND owner_id = ${ownerId} AND epoch = ${epoch} AND expires_at > now()`);
  return held === true;
}
