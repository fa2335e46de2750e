/**
 * The leases this replica holds on workspaces' execution environments (issue 14,
 * migration 012): taken on demand, renewed all at once in the background (one query
 * per replica every TANDEM_LEASE_RENEW_MS, however many it holds), given up when the
 * workspace has nobody left here, and reported lost the moment this replica can no
 * longer be sure of them.
 *
 * "Sure" is counted on this process's monotonic clock from the moment a renewal was
 * *sent*: a lease PostgreSQL extended by `ttl` from a time after that is certainly
 * live until sent + ttl. A margin below that covers the other replicas' view, so a
 * replica paused (GC, a frozen VM) past its lease sees it lost before it acts again.
 * The environments' epoch fence is what makes that safe if it acts anyway.
 */
import {
  claimEnvironmentLease,
  holdsEnvironmentLease,
  readEnvironmentLease,
  releaseEnvironmentLease,
  renewEnvironmentLeases,
  type EnvironmentLease,
} from '@tandem/persistence';
import type { CommonQueryMethods } from 'slonik';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';

export interface LeaseKeeperOptions {
  ownerId: string;
  /** Where other replicas reach this one (stored in the leases it takes). */
  address: string;
  ttlMs: number;
  renewMs: number;
}

export type Claim =
  | { kind: 'mine'; epoch: number }
  /** `live`: the owner's lease had not expired when read; `expiresAt` on PostgreSQL's clock. */
  | { kind: 'elsewhere'; ownerId: string; address: string; expiresAt: number }
  | { kind: 'no-workspace' };

interface Held {
  epoch: number;
  /** performance.now() until which the lease is certainly ours. */
  sureUntil: number;
  /** Renewal ticks in a row the workspace had no use here (released at 2). */
  unusedTicks: number;
}

/** Below the ttl: the time PostgreSQL took to answer is not known to be zero. */
const SAFETY_MARGIN = 0.2;

export class LeaseKeeper {
  private readonly held = new Map<string, Held>();
  private readonly lostListeners = new Set<(workspaceId: string) => void>();
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;
  private closed = false;
  private readonly counters;

  constructor(
    private readonly db: CommonQueryMethods,
    private readonly options: LeaseKeeperOptions,
    private readonly log: Logger,
    metrics: Metrics,
    /** Whether the workspace still needs its environment here (sessions, a running environment). */
    private readonly inUse: (workspaceId: string) => boolean = () => true,
  ) {
    metrics.collect('tandem_environment_leases_held', 'Environment leases this replica holds', () => [{ labels: {}, value: this.held.size }]);
    this.counters = {
      taken: metrics.counter('tandem_environment_leases_taken_total', 'Environment leases taken, by whether another replica held it before (takeover) or nobody did'),
      lost: metrics.counter('tandem_environment_leases_lost_total', 'Environment leases lost: not renewed in time, or found taken'),
      released: metrics.counter('tandem_environment_leases_released_total', 'Environment leases given up (nobody left here, or a stop)'),
      renewals: metrics.counter('tandem_environment_lease_renewals_total', 'Lease renewal queries, by outcome'),
    };
  }

  get ownerId(): string {
    return this.options.ownerId;
  }

  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => void this.renew(), this.options.renewMs);
    this.timer.unref();
  }

  /** Called with each workspace whose lease this replica no longer holds (lost, not released). */
  onLost(listener: (workspaceId: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => void this.lostListeners.delete(listener);
  }

  /** The epoch of this replica's lease on the workspace, while it is certainly held; null otherwise. */
  epochOf(workspaceId: string): number | null {
    const held = this.held.get(workspaceId);
    if (!held) return null;
    if (performance.now() >= held.sureUntil) {
      this.lose(workspaceId, 'not renewed in time');
      return null;
    }
    return held.epoch;
  }

  /** Takes the lease when it is free or ours already; otherwise says who holds it. */
  async claim(workspaceId: string): Promise<Claim> {
    const epoch = this.epochOf(workspaceId);
    if (epoch !== null) return { kind: 'mine', epoch };
    if (this.closed) return this.holder(workspaceId);
    const sentAt = performance.now();
    const lease = await claimEnvironmentLease(this.db, {
      workspaceId,
      ownerId: this.options.ownerId,
      ownerAddress: this.options.address,
      ttlMs: this.options.ttlMs,
    });
    if (!lease) return { kind: 'no-workspace' };
    if (lease.ownerId !== this.options.ownerId || !lease.live) return elsewhere(lease);
    const before = this.held.get(workspaceId);
    if (!before || before.epoch !== lease.epoch) {
      this.counters.taken.inc({ from: lease.epoch > 1 ? 'takeover' : 'free' });
      this.log.info({ workspaceId, epoch: lease.epoch }, 'environment lease taken');
    }
    this.held.set(workspaceId, { epoch: lease.epoch, sureUntil: this.sureUntil(sentAt), unusedTicks: 0 });
    return { kind: 'mine', epoch: lease.epoch };
  }

  /** Asks PostgreSQL: does this replica still hold the lease at `epoch`? (before what only an owner may do) */
  async stillHeld(workspaceId: string, epoch: number): Promise<boolean> {
    if (this.epochOf(workspaceId) !== epoch) return false;
    const held = await holdsEnvironmentLease(this.db, workspaceId, this.options.ownerId, epoch);
    if (!held) this.lose(workspaceId, 'found taken');
    return held;
  }

  /** Gives the lease up now (the next claimant need not wait for it to expire). */
  async release(workspaceId: string): Promise<void> {
    const held = this.held.get(workspaceId);
    if (!held) return;
    this.held.delete(workspaceId);
    this.counters.released.inc();
    await releaseEnvironmentLease(this.db, workspaceId, this.options.ownerId, held.epoch).catch((err: unknown) =>
      // It expires on its own within the ttl.
      this.log.warn({ err, workspaceId }, 'environment lease not released; it expires on its own'),
    );
  }

  /** Forgets a lease another replica has taken (a fenced push said so) without telling the listeners again. */
  forget(workspaceId: string): void {
    if (this.held.delete(workspaceId)) this.counters.lost.inc();
  }

  /** Whether another replica holds a live lease on the workspace now (read only: nothing is claimed). */
  async ownedElsewhere(workspaceId: string): Promise<boolean> {
    const lease = await readEnvironmentLease(this.db, workspaceId);
    return lease !== null && lease.live && lease.ownerId !== this.options.ownerId;
  }

  heldWorkspaces(): string[] {
    return [...this.held.keys()];
  }

  /** One renewal now (the timer's tick; tests call it to skip the wait). */
  renew(): Promise<void> {
    this.renewing ??= this.renewOnce().finally(() => (this.renewing = null));
    return this.renewing;
  }

  /** Stops renewing and gives every lease up (a replica stopping hands its workspaces over). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.renewing;
    await Promise.all(this.heldWorkspaces().map((id) => this.release(id)));
  }

  private async renewOnce(): Promise<void> {
    if (this.held.size === 0) return;
    // Nobody left here for two ticks in a row: give it up, so it follows its users.
    for (const [workspaceId, held] of this.held) {
      held.unusedTicks = this.inUse(workspaceId) ? 0 : held.unusedTicks + 1;
      if (held.unusedTicks >= 2) await this.release(workspaceId);
    }
    if (this.held.size === 0) return;
    const sentAt = performance.now();
    let renewed: EnvironmentLease[];
    try {
      renewed = await renewEnvironmentLeases(this.db, this.options.ownerId, this.options.ttlMs);
      this.counters.renewals.inc({ outcome: 'ok' });
    } catch (err) {
      this.counters.renewals.inc({ outcome: 'failed' });
      this.log.warn({ err, leases: this.held.size }, 'environment leases not renewed (the database?); they hold until their time runs out');
      for (const workspaceId of [...this.held.keys()]) this.epochOf(workspaceId); // loses those past their time
      return;
    }
    const back = new Map(renewed.map((lease) => [lease.workspaceId, lease.epoch]));
    for (const [workspaceId, held] of [...this.held]) {
      if (back.get(workspaceId) === held.epoch) held.sureUntil = this.sureUntil(sentAt);
      else this.lose(workspaceId, 'expired before it was renewed');
    }
  }

  private sureUntil(sentAt: number): number {
    return sentAt + this.options.ttlMs * (1 - SAFETY_MARGIN);
  }

  private async holder(workspaceId: string): Promise<Claim> {
    const lease = await readEnvironmentLease(this.db, workspaceId);
    return lease ? elsewhere(lease) : { kind: 'no-workspace' };
  }

  private lose(workspaceId: string, why: string): void {
    if (!this.held.delete(workspaceId)) return;
    this.counters.lost.inc();
    this.log.warn({ workspaceId, why }, 'environment lease lost');
    for (const listener of this.lostListeners) {
      try {
        listener(workspaceId);
      } catch (err) {
        this.log.error({ err, workspaceId }, 'lease-lost listener failed');
      }
    }
  }
}

function elsewhere(lease: EnvironmentLease): Claim {
  return { kind: 'elsewhere', ownerId: lease.ownerId, address: lease.ownerAddress, expiresAt: lease.expiresAt };
}
