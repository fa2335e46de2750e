/**
 * The executor wired into the server: one `ExecutorService` over the configured
 * backend, fed by the workspace's files and changes, and answering on the
 * workspace socket (terminals, `env.status`) and `POST /api/workspaces/:id/run`.
 *
 *   documents/tree events ──► dirty-marks ──► executor.markDirty ──► tar pushes
 *   environment changes ──► onPulled ──► pulled-changes (items, documents, tree events)
 *   /ws term.* and env.start ──► terminal-handlers ──► executor terminals
 *   executor status ──► env.status to every socket of the workspace (and after hello)
 */
import { ExecutorService, LocalBackend, envStatusMessage, type EnvironmentLeases, type EnvironmentStatus, type ExecutionBackend, type PulledChange } from '@tandem/executor';
import { latestWorkspaceActivity, recordWorkspaceActivity } from '@tandem/persistence';
import type { ServerContext } from '../context';
import type { Router } from '../http/router';
import type { WorkspaceSocket } from '../workspace-socket/workspace-socket';
import { createBackend } from './backend';
import { watchForDirtyFiles } from './dirty-marks';
import { PulledChangeApplier } from './pulled-changes';
import { registerRunRoute, type RunForwarder, type RunHere } from './run-route';
import { SerialQueues } from './serial-queues';
import { registerTerminalHandlers } from './terminal-handlers';
import { UnloadedFiles } from './unloaded-files';
import { DatabaseWorkspaceSource } from './workspace-source';
import { Listeners } from '../listeners';

export interface Execution {
  readonly executor: ExecutorService;
  /** Resolves once changes pulled from the workspace's environment so far are applied (tests, `run`). */
  applied(workspaceId: string): Promise<void>;
  /** Paths of the binary placeholders of the workspace (their bytes live only in its environment). */
  unloadedPaths(workspaceId: string): ReadonlySet<string>;
  /** Calls back on every change of an environment's state (the language service stops with it); returns the unsubscribe. */
  onEnvironmentState(listener: (workspaceId: string, state: EnvironmentStatus['state']) => void): () => void;
  /** Calls back after every pull from an environment (its commands went quiet); returns the unsubscribe. */
  onPullDone(listener: (workspaceId: string) => void): () => void;
  /** Runs a command in this replica's environment of the workspace (the internal listener's forwarded runs). */
  runHere: RunHere;
  /** Stops every environment (pending edits pushed, last changes pulled and applied). Call before the documents close. */
  close(): Promise<void>;
}

export interface ExecutionOptions {
  /** A ready backend (tests); by default the one `config.executor` names. */
  backend?: ExecutionBackend;
  /** Environment leases among replicas (replicas/lease-keeper.ts); none: this process owns every environment. */
  leases?: EnvironmentLeases & {
    /** Whether another live replica owns the workspace's environment now (its orphans are not ours to reclaim). */
    ownedElsewhere(workspaceId: string): Promise<boolean>;
  };
  /** The environment went on under another replica (a fenced push): move this replica's clients. */
  onAbandoned?(workspaceId: string): void;
  /** On close, leave environments running for another replica instead of stopping them. */
  handOverOnClose?: boolean;
  /** Sends a run to the replica owning the environment (replicas/run-forwarding.ts). */
  forwardRun?: RunForwarder;
}

export async function startExecution(
  ctx: ServerContext,
  socket: WorkspaceSocket,
  router: Router,
  options: ExecutionOptions = {},
): Promise<Execution> {
  const log = ctx.log.child({ component: 'executor' });
  const settings = ctx.config.execution;
  const backend = options.backend ?? (await createBackend(ctx.config, log));
  const source = new DatabaseWorkspaceSource(ctx);
  const unloaded = new UnloadedFiles();
  const markQueues = new SerialQueues();
  const pullQueues = new SerialQueues();
  const applier = new PulledChangeApplier(ctx, unloaded);

  // Environments by state, for /metrics (stopped ones are dropped).
  const states = new Map<string, EnvironmentStatus['state']>();
  ctx.metrics.collect('tandem_executor_environments', 'Execution environments by state', () =>
    (['starting', 'ready', 'failed'] as const).map((state) => ({ labels: { state }, value: [...states.values()].filter((s) => s === state).length })),
  );
  const pullListeners = new Listeners<(workspaceId: string) => void>();
  const stateListeners = new Listeners<(workspaceId: string, state: EnvironmentStatus['state']) => void>();
  const pushes = ctx.metrics.counter('tandem_executor_pushes_total', 'Pushes into environments that landed (the full push at start included)');
  const pushedChanges = ctx.metrics.counter('tandem_executor_pushed_changes_total', 'Files and changes pushed into environments');
  const pulledChanges = ctx.metrics.counter('tandem_executor_pulled_changes_total', 'Changes brought back from environments, by kind');

  const onPulled = (workspaceId: string, changes: PulledChange[]) => {
    for (const change of changes) pulledChanges.inc({ kind: change.kind });
    void pullQueues.push(workspaceId, () => applier.apply(workspaceId, changes), (err) => log.error({ err, workspaceId }, 'pulled changes not applied'));
  };

  const executor = new ExecutorService({
    backend,
    source,
    logger: log,
    onStatus: (workspaceId, status) => {
      if (status.state === 'stopped') {
        unloaded.forgetWorkspace(workspaceId);
        states.delete(workspaceId);
      } else states.set(workspaceId, status.state);
      socket.sendToWorkspace(workspaceId, envStatusMessage(status));
      stateListeners.each((listener) => listener(workspaceId, status.state));
    },
    onPulled,
    onPullDone: (workspaceId) => {
      pullListeners.each((listener) => listener(workspaceId));
    },
    push: { quietMs: settings.pushQuietMs, maxDelayMs: settings.pushMaxDelayMs },
    lifecycle: { idleStopMs: settings.idleStopMs, hardStopMs: settings.maxLifetimeMs },
    terminal: { lingerMs: settings.terminalLingerMs },
    pullQuietMs: settings.pullQuietMs,
    ...(options.leases ? { leases: options.leases } : {}),
    onPushed: (_workspaceId, changes) => {
      pushes.inc();
      pushedChanges.inc({}, changes);
    },
    onAbandoned: (workspaceId) => {
      states.delete(workspaceId);
      options.onAbandoned?.(workspaceId);
    },
    // Replicas behind one ingress may serve one environment; none stops it while another's users work.
    sharedActivity: {
      record: (workspaceId) =>
        void recordWorkspaceActivity(ctx.db.pool, workspaceId).catch((err: unknown) => log.warn({ err, workspaceId }, 'executor: activity not recorded')),
      latest: (workspaceId) => latestWorkspaceActivity(ctx.db.pool, workspaceId),
    },
  });

  // The local sandbox's decision is logged at start-up, not at the first terminal (what it lacks, what to install).
  const sandboxDecided = backend instanceof LocalBackend ? backend.decide().then(() => {}, (err: unknown) => log.error({ err }, 'executor: the sandbox check failed')) : Promise.resolve();

  if (settings.reclaimOrphans) {
    try {
      await executor.reclaimOrphans(options.leases ? (id) => options.leases!.ownedElsewhere(id) : undefined);
    } catch (err) {
      // Not fatal: the backend may be unreachable now and fine later; starts report their own failures.
      log.error({ err }, 'executor: could not look for orphaned environments');
    }
  }

  const offDirty = watchForDirtyFiles(ctx, { executor, source, unloaded, queues: markQueues });
  const offTerminals = registerTerminalHandlers(ctx, socket, executor, { maxTerminalsPerWorkspace: settings.maxTerminalsPerWorkspace });
  // A socket that opens later learns the current state right after its hello.
  const offOpen = socket.onSessionOpen((session) => void session.send(envStatusMessage(executor.status(session.workspaceId))));
  // A deleted workspace's environment has nothing left to run for.
  const offDeleted = ctx.events.on('workspaceDeleted', (id) => void executor.stop(id.toLowerCase(), 'requested'));
  const applied = (workspaceId: string) => pullQueues.idle(workspaceId);
  const runHere = registerRunRoute(router, ctx, executor, applied, options.forwardRun);

  let closing: Promise<void> | undefined;
  return {
    executor,
    applied,
    runHere,
    unloadedPaths: (workspaceId) => unloaded.paths(workspaceId),
    onPullDone: (listener) => pullListeners.add(listener),
    onEnvironmentState: (listener) => stateListeners.add(listener),
    close: () =>
      (closing ??= (async () => {
        offOpen();
        offTerminals();
        offDeleted();
        await executor.shutdown(options.handOverOnClose ? 'hand-over' : 'stop');
        await sandboxDecided; // its probe writes under the data folder: never leave it half done
        // Shutdown's last pull lands in the queue: apply it while the documents are still open.
        await pullQueues.drain();
        offDirty();
        await markQueues.drain();
      })()),
  };
}
