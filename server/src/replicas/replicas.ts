/**
 * The replica side of the server (issue 14), put together: this replica's leases,
 * the routing of workspace sockets to environments' owners, and the internal
 * listener other replicas forward to. With one replica (no TANDEM_INTERNAL_PORT) the
 * leases are still taken, so a second replica started later on the same database
 * never touches environments the first one runs.
 *
 * See docs/replicas.md for the model: what survives an owner's death and how long
 * the handover takes.
 */
import { OwnedElsewhereError, EnvironmentStartError, type EnvironmentLeases } from '@tandem/executor';
import type { ServerContext } from '../context';
import type { WorkspaceSocket } from '../workspace-socket/workspace-socket';
import { startInternalListener, type InternalListener } from './internal-listener';
import { LeaseKeeper } from './lease-keeper';
import { routeWorkspaceSockets, type WorkspaceRouting } from './workspace-routing';

export interface Replicas {
  readonly keeper: LeaseKeeper;
  readonly routing: WorkspaceRouting;
  /** The executor's lease port. */
  readonly leases: EnvironmentLeases & { ownedElsewhere(workspaceId: string): Promise<boolean> };
  readonly internal: InternalListener | null;
  /** Tells the replica what still needs an environment here (sessions, a running environment). */
  setInUse(inUse: (workspaceId: string) => boolean): void;
  /** A fenced push: another replica owns the workspace's environment now. */
  abandoned(workspaceId: string): void;
  /** For /api/health/detailed. */
  describe(): ReplicaHealth;
  /** A replica stopping: no more links from other replicas, none to them; the sessions they carried reconnect. */
  stopForwarding(): void;
  /** Gives every lease up (after the environments were handed over), so the next owner need not wait. */
  close(): Promise<void>;
}

export interface ReplicaHealth {
  replicaId: string;
  address: string | null;
  leasesHeld: number;
  sessions: { local: number; forwarded: number; unavailable: number };
  /** Sessions of clients on other replicas that this one answers (it owns their environment). */
  adopted: number;
}

export async function startReplicas(ctx: ServerContext, socket: WorkspaceSocket, onLost: (workspaceId: string) => void): Promise<Replicas> {
  const settings = ctx.config.replicas;
  let inUse: (workspaceId: string) => boolean = (id) => socket.sessions(id).length > 0;
  const keeper = new LeaseKeeper(ctx.db.pool, {
    ownerId: ctx.config.replicaId,
    address: settings.address,
    ttlMs: settings.leaseTtlMs,
    renewMs: settings.leaseRenewMs,
  }, ctx.log.child({ component: 'leases' }), ctx.metrics, (id) => inUse(id));
  const routing = routeWorkspaceSockets(ctx, socket, { keeper, secret: settings.internal?.secret ?? null, ownerWaitMs: settings.leaseTtlMs * 2 });
  const internal = settings.internal ? await startInternalListener(ctx, settings.internal, socket, keeper) : null;
  keeper.onLost((workspaceId) => {
    onLost(workspaceId);
    routing.moved(workspaceId, 'lease-lost');
  });
  keeper.start();

  const leases: Replicas['leases'] = {
    epochFor: async (workspaceId) => {
      const claim = await keeper.claim(workspaceId);
      if (claim.kind === 'mine') return claim.epoch;
      if (claim.kind === 'elsewhere') throw new OwnedElsewhereError(claim.address);
      throw new EnvironmentStartError('no such workspace');
    },
    stillHeld: (workspaceId, epoch) => keeper.stillHeld(workspaceId, epoch),
    ownedElsewhere: (workspaceId) => keeper.ownedElsewhere(workspaceId),
  };

  const stopForwarding = () => {
    routing.close();
    internal?.close();
  };

  return {
    keeper,
    routing,
    leases,
    internal,
    setInUse: (fn) => (inUse = fn),
    abandoned: (workspaceId) => {
      keeper.forget(workspaceId);
      routing.moved(workspaceId, 'fenced');
    },
    describe: () => {
      const counts = routing.counts();
      return {
        replicaId: ctx.config.replicaId,
        address: settings.address || null,
        leasesHeld: keeper.heldWorkspaces().length,
        sessions: { local: counts.local, forwarded: counts.linked, unavailable: counts.unavailable },
        adopted: internal?.linkCount() ?? 0,
      };
    },
    stopForwarding,
    close: async () => {
      stopForwarding(); // done already on a graceful stop; closing twice is harmless
      await keeper.close();
    },
  };
}
