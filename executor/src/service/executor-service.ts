/**
 * The executor as the server sees it: one object per process that starts
 * environments on demand, keeps their files in step with the documents, runs
 * terminals and commands, reports status, and stops what nobody uses.
 *
 * Wiring (see the README): the `/ws` handler calls `openTerminal`, `attachTerminal`,
 * `writeTerminal`... with a subscriber per socket, `detachAll` when a socket
 * closes; the sync server calls `markDirty` for each document update and tree
 * change; `onStatus` and `onPulled` are the way back (to `env.status` messages
 * and to the documents).
 */
import { DEFAULT_PULL_LIMITS, pathRefusal } from '../archive';
import { EnvironmentStartError, FencedError, OwnedElsewhereError, SandboxUnavailableError, InvalidPathError, ShuttingDownError, TerminalNotFoundError, reasonOf } from '../errors';
import { silentLogger, type EnvironmentStatus, type ExecutionBackend, type LanguageTools, type Logger, type ProcessHandle, type PulledChange, type WorkspaceSource } from '../executor';
import type { TerminalSummary } from '@tandem/protocol';
import type { TerminalSubscriber } from '../terminals/terminal-subscriber';
import { DEFAULT_TERMINAL_OPTIONS, type TerminalSessionOptions } from '../terminals/terminal-session';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from './lifecycle-policy';
import { DEFAULT_PULL_IGNORE } from './pull-ignore';
import { DEFAULT_PUSH_POLICY, type DirtyChange, type PushPolicy } from './push-schedule';
import { isPushablePath } from './pushable';
import { WorkspaceRuntime, type RuntimeHooks } from './workspace-runtime';

export interface ExecutorServiceOptions {
  backend: ExecutionBackend;
  source: WorkspaceSource;
  logger?: Logger;
  onStatus?(workspaceId: string, status: EnvironmentStatus): void;
  onPulled?(workspaceId: string, changes: PulledChange[]): void;
  /**
   * After every pull, changes or none: commands ran and went quiet, and may have changed
   * what is outside the project (`pip install`), which language servers learn this way.
   */
  onPullDone?(workspaceId: string): void;
  push?: Partial<PushPolicy>;
  lifecycle?: Partial<LifecyclePolicy>;
  terminal?: Partial<TerminalSessionOptions>;
  pullQuietMs?: number;
  pullMaxDelayMs?: number;
  /** Must match the backend's pull limit, so pushed text is recognised when it comes back. */
  maxFileBytes?: number;
  /** Folder names never brought back (default: node_modules, .git, __pycache__, venvs, caches). */
  pullIgnore?: readonly string[];
  /**
   * Activity shared with the other processes (replicas) that may manage the same
   * environment, so one does not stop it for idleness while people use it through another.
   */
  sharedActivity?: SharedActivity;
  /**
   * Leases (issue 14): where several processes could manage one environment, this
   * process starts it only under a lease it holds, and every push carries the lease's
   * epoch. Without it, epoch 0 (one process).
   */
  leases?: EnvironmentLeases;
  /**
   * The environment went on without this process: another owns it (a fenced push, or
   * the lease found gone). Nothing was stopped; the server moves its clients over.
   */
  onAbandoned?(workspaceId: string): void;
  /** A push landed in the workspace's environment (for metrics: only the owner ever pushes). */
  onPushed?(workspaceId: string, changes: number): void;
}

export interface EnvironmentLeases {
  /** The epoch of this process's lease on the workspace's environment, taken when free; throws when another process holds it. */
  epochFor(workspaceId: string): Promise<number>;
  /** Whether this process still holds the lease at `epoch`, unexpired. */
  stillHeld(workspaceId: string, epoch: number): Promise<boolean>;
}

export interface SharedActivity {
  /** Someone used the workspace's environment through this process just now. */
  record(workspaceId: string): void;
  /** The latest use any process recorded (ms since the epoch), or null. */
  latest(workspaceId: string): Promise<number | null>;
}

function sharedHooks(shared: SharedActivity, workspaceId: string): Pick<RuntimeHooks, 'onActivity' | 'activityElsewhere'> {
  return { onActivity: () => shared.record(workspaceId), activityElsewhere: () => shared.latest(workspaceId) };
}

export type StopReason = 'idle' | 'hard-limit' | 'push-failed' | 'requested' | 'shutdown';
const ENDS_ENVIRONMENT_ON_ITS_OWN: ReadonlySet<StopReason> = new Set(['idle', 'hard-limit', 'push-failed']);

export class ExecutorService {
  private readonly runtimes = new Map<string, WorkspaceRuntime>();
  private readonly starting = new Map<string, Promise<WorkspaceRuntime>>();
  private readonly stopping = new Map<string, Promise<void>>();
  private readonly statuses = new Map<string, EnvironmentStatus>();
  private readonly epochs = new Map<string, number>();
  private readonly logger: Logger;
  private shuttingDown = false;

  constructor(private readonly options: ExecutorServiceOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  get backendKind(): ExecutionBackend['kind'] {
    return this.options.backend.kind;
  }

  status(workspaceId: string): EnvironmentStatus {
    return this.statuses.get(workspaceId) ?? { state: 'stopped' };
  }

  /** Starts the environment if it is not running (concurrent callers share one start). */
  async ensureStarted(workspaceId: string): Promise<void> {
    await this.runtimeFor(workspaceId);
  }

  /**
   * A document changed, was created, renamed, moved or deleted. Ignored while the
   * environment is stopped (the next start pushes everything). Throws
   * `InvalidPathError` for a path that is not a normalised workspace path, except
   * where the change moves a file the environment never got (its name could not be
   * written: pushable.ts) out of the way: deleted, or renamed to a valid name, which
   * then reaches the environment as new.
   */
  markDirty(workspaceId: string, change: DirtyChange): void {
    const runtime = this.runtimes.get(workspaceId) ?? this.pendingRuntime.get(workspaceId);
    // What a rename or delete leaves: no longer a file left out (a renamed folder's are found again when it is re-sent).
    const left = change.kind === 'rename' ? change.from : change.kind === 'delete' ? change.path : null;
    if (left !== null && runtime?.forgetSkipped(left)) this.refreshReady(workspaceId);
    if (left !== null && !isPushablePath(left)) {
      if (change.kind === 'delete') return;
      if (change.kind === 'rename' && isPushablePath(change.to)) {
        change = change.content === undefined ? { kind: 'rename', from: change.to, to: change.to } : { kind: 'write', path: change.to, content: change.content };
      }
    }
    // Checked here, not at push time: one bad path would fail the whole batch.
    for (const path of change.kind === 'rename' ? [change.from, change.to] : [change.path]) {
      const refusal = pathRefusal(path);
      if (refusal) throw new InvalidPathError(path, refusal);
    }
    runtime?.markDirty(change);
  }

  async openTerminal(workspaceId: string, size: { cols: number; rows: number }, subscriber: TerminalSubscriber): Promise<TerminalSummary> {
    const runtime = await this.runtimeFor(workspaceId);
    runtime.touch();
    return runtime.terminals.open(runtime.env!, size, subscriber);
  }

  attachTerminal(workspaceId: string, termId: string, since: number | undefined, subscriber: TerminalSubscriber): void {
    const runtime = this.running(workspaceId, termId);
    runtime.touch();
    runtime.terminals.get(termId).attach(subscriber, since);
  }

  detachTerminal(workspaceId: string, termId: string, subscriber: TerminalSubscriber): void {
    // Detaching from a terminal that is already gone is not an error.
    this.runtimes.get(workspaceId)?.terminals.find(termId)?.detach(subscriber);
  }

  /** The subscriber's socket closed: detach it from every terminal of the workspace. */
  detachAll(workspaceId: string, subscriber: TerminalSubscriber): void {
    this.runtimes.get(workspaceId)?.terminals.detachEverywhere(subscriber);
  }

  writeTerminal(workspaceId: string, termId: string, data: string): void {
    const runtime = this.running(workspaceId, termId);
    const session = runtime.terminals.get(termId);
    runtime.input(() => session.input(data), data);
  }

  resizeTerminal(workspaceId: string, termId: string, cols: number, rows: number): void {
    this.running(workspaceId, termId).terminals.get(termId).resize(cols, rows);
  }

  closeTerminal(workspaceId: string, termId: string): void {
    this.running(workspaceId, termId).terminals.get(termId).close();
  }

  listTerminals(workspaceId: string): TerminalSummary[] {
    return this.runtimes.get(workspaceId)?.terminals.list() ?? [];
  }

  /** Runs a command to completion; files it changed are pulled back before this resolves. */
  async run(workspaceId: string, command: string, opts?: { timeoutMs?: number }): Promise<{ exitCode: number; output: string }> {
    const runtime = await this.runtimeFor(workspaceId);
    return runtime.run((env) => env.run(command, opts));
  }

  /**
   * Starts a program with pipes in the workspace's environment (a language server),
   * starting the environment first. It dies when the environment stops, for any
   * reason: the caller learns of that through the handle's `onExit`.
   */
  async spawnProcess(workspaceId: string, argv: string[]): Promise<ProcessHandle> {
    const runtime = await this.runtimeFor(workspaceId);
    runtime.touch();
    return runtime.env!.spawnProcess(argv);
  }

  /** The language servers the workspace's environment has (starting it first). */
  async languageTools(workspaceId: string): Promise<LanguageTools> {
    const runtime = await this.runtimeFor(workspaceId);
    return runtime.env!.languageTools();
  }

  /** Resolves when pushes and pulls queued so far have been applied (tests and benchmarks). */
  async settled(workspaceId: string): Promise<void> {
    await this.runtimes.get(workspaceId)?.settled();
  }

  stop(workspaceId: string, reason: StopReason = 'requested'): Promise<void> {
    const inFlight = this.stopping.get(workspaceId);
    if (inFlight) return inFlight;
    const runtime = this.runtimes.get(workspaceId);
    if (!runtime) return Promise.resolve();
    const stopping = (async () => {
      // A stop this process decided on its own ends the environment for everyone: only while it still owns it.
      const epoch = this.epochs.get(workspaceId) ?? 0;
      if (this.options.leases && ENDS_ENVIRONMENT_ON_ITS_OWN.has(reason) && !(await this.options.leases.stillHeld(workspaceId, epoch).catch(() => false))) {
        return this.letGo(workspaceId, runtime);
      }
      this.logger.info({ workspaceId, reason }, 'stopping environment');
      await runtime.stop();
      await this.options.backend.stop(workspaceId).catch((error) => this.logger.error({ workspaceId, err: error }, 'backend stop failed'));
      this.runtimes.delete(workspaceId);
      this.epochs.delete(workspaceId);
      this.setStatus(workspaceId, { state: 'stopped' });
    })().finally(() => this.stopping.delete(workspaceId));
    this.stopping.set(workspaceId, stopping);
    return stopping;
  }

  /**
   * Another process owns the workspace's environment now (its lease was lost): this one
   * stops pushing, pulling and serving terminals, and leaves the environment running.
   */
  abandon(workspaceId: string): void {
    const runtime = this.runtimes.get(workspaceId) ?? this.pendingRuntime.get(workspaceId);
    if (runtime) this.letGo(workspaceId, runtime);
  }

  private letGo(workspaceId: string, runtime: WorkspaceRuntime): void {
    runtime.abandon();
    if (this.runtimes.get(workspaceId) !== runtime) return;
    // Held shells run on for the new owner; this process's own programs there (a language server) end.
    void this.options.backend.release?.(workspaceId).catch((error: unknown) => this.logger.error({ workspaceId, err: error }, 'backend release failed'));
    this.runtimes.delete(workspaceId);
    this.epochs.delete(workspaceId);
    this.statuses.delete(workspaceId);
    this.logger.warn({ workspaceId }, 'environment owned by another process now: let go');
    this.options.onAbandoned?.(workspaceId);
  }

  /**
   * Lets go of a workspace's environment without ending its held terminals (a replica
   * handing the workspace to another, a server about to restart): timers stop, pending
   * edits are pushed and the tree pulled once more, clients are detached from its
   * terminals without a word (they re-attach wherever the workspace goes next), and the
   * shells run on. Backends that cannot hold shells stop the environment instead.
   */
  release(workspaceId: string): Promise<void> {
    const backend = this.options.backend;
    if (!backend.release) return this.stop(workspaceId, 'requested');
    const inFlight = this.stopping.get(workspaceId);
    if (inFlight) return inFlight;
    const runtime = this.runtimes.get(workspaceId);
    if (!runtime) return Promise.resolve();
    const releasing = (async () => {
      this.logger.info({ workspaceId }, 'releasing environment (held terminals run on)');
      await runtime.stop({ release: true });
      await backend.release!(workspaceId).catch((error) => this.logger.error({ workspaceId, err: error }, 'backend release failed'));
      this.runtimes.delete(workspaceId);
      this.epochs.delete(workspaceId);
      this.statuses.delete(workspaceId);
    })().finally(() => this.stopping.delete(workspaceId));
    this.stopping.set(workspaceId, releasing);
    return releasing;
  }

  /**
   * At start-up: what an earlier process left (after a crash) is ended, but terminals
   * held for the next process, whose environments are started again so their clients
   * find them (and idle stops apply to them again). Workspaces `ownedElsewhere` (another
   * live replica's, issue 14) are left alone.
   */
  async reclaimOrphans(ownedElsewhere: (workspaceId: string) => Promise<boolean> = async () => false): Promise<string[]> {
    const { backend } = this.options;
    const mine = async (ids: string[]) => {
      const kept: string[] = [];
      for (const id of ids) if (!(await ownedElsewhere(id).catch(() => true))) kept.push(id);
      return kept;
    };
    const orphans = await mine(await backend.listOrphans());
    for (const workspaceId of orphans) {
      const reclaim = backend.reclaim ? backend.reclaim(workspaceId) : backend.stop(workspaceId);
      await reclaim.catch((error) => this.logger.error({ workspaceId, err: error }, 'could not reclaim'));
    }
    if (orphans.length > 0) this.logger.info({ orphans }, 'reclaimed environments left by an earlier process');
    const held = await mine((await backend.listHeld?.().catch(() => [])) ?? []);
    for (const workspaceId of held) {
      await this.ensureStarted(workspaceId).catch((error) => this.logger.error({ workspaceId, reason: reasonOf(error) }, 'could not take back held terminals'));
    }
    if (held.length > 0) this.logger.info({ held }, 'took back terminals held from an earlier process');
    return orphans;
  }

  /**
   * This process stops. 'stop' (one replica): every environment stops with it.
   * 'hand-over' (replicas, issue 14): each is released (`release`): pending edits
   * pushed, the last changes pulled, held terminals left running for the replica that
   * takes the workspace over.
   */
  async shutdown(mode: 'stop' | 'hand-over' = 'stop'): Promise<void> {
    this.shuttingDown = true;
    await Promise.allSettled([...this.starting.values()]);
    await Promise.all([...this.runtimes.keys()].map((id) => (mode === 'hand-over' ? this.release(id) : this.stop(id, 'shutdown'))));
  }

  // Runtimes between "starting" and "ready": edits made while the full push runs are kept.
  private readonly pendingRuntime = new Map<string, WorkspaceRuntime>();

  private async runtimeFor(workspaceId: string): Promise<WorkspaceRuntime> {
    if (this.shuttingDown) throw new ShuttingDownError();
    await this.stopping.get(workspaceId);
    const running = this.runtimes.get(workspaceId);
    if (running) return running;
    let starting = this.starting.get(workspaceId);
    if (!starting) {
      starting = this.start(workspaceId).finally(() => this.starting.delete(workspaceId));
      this.starting.set(workspaceId, starting);
    }
    return starting;
  }

  private async start(workspaceId: string): Promise<WorkspaceRuntime> {
    // First the lease: a process that does not own the environment announces nothing about it.
    const epoch = this.options.leases ? await this.options.leases.epochFor(workspaceId) : 0;
    this.epochs.set(workspaceId, epoch);
    this.setStatus(workspaceId, { state: 'starting' });
    const runtime = new WorkspaceRuntime(workspaceId, this.options.source, this.runtimeConfig(), {
      onPulled: (changes) => this.options.onPulled?.(workspaceId, changes),
      onPullDone: () => this.options.onPullDone?.(workspaceId),
      onStopDue: (reason) => void this.stop(workspaceId, reason),
      onSkipped: () => this.refreshReady(workspaceId),
      onFenced: () => this.letGo(workspaceId, runtime),
      onPushed: (changes) => this.options.onPushed?.(workspaceId, changes),
      ...(this.options.leases ? { confirmOwner: () => this.options.leases!.stillHeld(workspaceId, this.epochs.get(workspaceId) ?? -1) } : {}),
      ...(this.options.sharedActivity ? sharedHooks(this.options.sharedActivity, workspaceId) : {}),
    }, this.logger);
    this.pendingRuntime.set(workspaceId, runtime);
    try {
      // Without leases no epoch: holders then fence by the time of each attach (holder/fencing-epoch.ts).
      const environment = await this.options.backend.start(workspaceId, this.options.leases ? { epoch } : {});
      await runtime.attach(environment);
      this.runtimes.set(workspaceId, runtime);
      this.setStatus(workspaceId, readyStatus(runtime));
      return runtime;
    } catch (error) {
      // Another process owns the environment: nothing here failed, and nothing may be stopped.
      if (error instanceof OwnedElsewhereError || error instanceof FencedError) {
        this.epochs.delete(workspaceId);
        this.statuses.delete(workspaceId);
        throw error;
      }
      const reason = reasonOf(error);
      this.logger.error({ workspaceId, reason }, 'environment failed to start');
      await this.options.backend.stop(workspaceId).catch(() => {});
      this.setStatus(workspaceId, { state: 'failed', reason });
      // The sandbox's refusal keeps its own code: the IDE says what to install, not "failed".
      throw error instanceof EnvironmentStartError || error instanceof SandboxUnavailableError ? error : new EnvironmentStartError(reason, { cause: error });
    } finally {
      this.pendingRuntime.delete(workspaceId);
    }
  }

  private running(workspaceId: string, termId: string): WorkspaceRuntime {
    const runtime = this.runtimes.get(workspaceId);
    if (!runtime) throw new TerminalNotFoundError(termId);
    return runtime;
  }

  /** A ready environment's list of left-out files changed: announce it. */
  private refreshReady(workspaceId: string): void {
    const runtime = this.runtimes.get(workspaceId);
    if (runtime && this.statuses.get(workspaceId)?.state === 'ready') this.setStatus(workspaceId, readyStatus(runtime));
  }

  private setStatus(workspaceId: string, status: EnvironmentStatus): void {
    if (status.state === 'stopped') this.statuses.delete(workspaceId);
    else this.statuses.set(workspaceId, status);
    this.options.onStatus?.(workspaceId, status);
  }

  private runtimeConfig() {
    const o = this.options;
    return {
      push: { ...DEFAULT_PUSH_POLICY, ...o.push },
      lifecycle: { ...DEFAULT_LIFECYCLE_POLICY, ...o.lifecycle },
      pullQuietMs: o.pullQuietMs ?? 250,
      pullMaxDelayMs: o.pullMaxDelayMs ?? 2000,
      maxFileBytes: o.maxFileBytes ?? DEFAULT_PULL_LIMITS.maxFileBytes,
      terminal: { ...DEFAULT_TERMINAL_OPTIONS, ...o.terminal },
      pullIgnore: new Set(o.pullIgnore ?? DEFAULT_PULL_IGNORE),
    };
  }
}

function readyStatus(runtime: WorkspaceRuntime): EnvironmentStatus {
  const skipped = runtime.skippedPaths();
  return skipped ? { state: 'ready', skipped } : { state: 'ready' };
}
