/**
 * One running environment and everything the service keeps for it: the baseline
 * (what the environment holds), the dirty files waiting to be pushed, the
 * terminals, and the timers that push, pull back and stop it.
 *
 * Pushes and pulls run one at a time (`exclusive`): a snapshot taken during a push
 * would see half of it and report the rest as changes.
 *
 * Files whose names the push cannot write (stored before the naming rule, or put in
 * the database by hand) are left out of every push (pushable.ts) and kept in
 * `skipped`, for `env.status`: one bad entry never stops the environment.
 */
import type { SkippedPaths } from '@tandem/protocol';
import { PullRejectedError } from '../archive';
import { FencedError, reasonOf } from '../errors';
import type { ExecutionEnvironment, Logger, PulledChange, WorkspaceSource } from '../executor';
import { TerminalRegistry } from '../terminals/terminal-registry';
import type { TerminalSessionOptions } from '../terminals/terminal-session';
import { applyPushToBaseline, baselineOf } from './baseline';
import { decideLifecycle, type LifecyclePolicy } from './lifecycle-policy';
import { compileIgnoreFile, IGNORE_FILE, NO_RULES, type IgnoreRules } from './ignore-file';
import { diffTrees, withoutIgnored, type Tree } from './pull-diff';
import { toPushChanges } from './push-batch';
import { isSameOrBelow, PushSchedule, type DirtyChange, type PushPolicy } from './push-schedule';
import { splitPushable, summariseSkipped } from './pushable';

export interface RuntimeConfig {
  push: PushPolicy;
  lifecycle: LifecyclePolicy;
  /** Quiet time after terminal output before the tree is pulled back... */
  pullQuietMs: number;
  /** ...or this long after output began, if it never goes quiet. */
  pullMaxDelayMs: number;
  /** Text over this is listed, not loaded (must match the backend's pull limit). */
  maxFileBytes: number;
  terminal: TerminalSessionOptions;
  /** Folder names never brought back (`pull-ignore.ts`). */
  pullIgnore: ReadonlySet<string>;
}

export interface RuntimeHooks {
  onPulled(changes: PulledChange[]): void;
  /** Every pull ended (changes or none). */
  onPullDone?(): void;
  onStopDue(reason: 'idle' | 'hard-limit' | 'push-failed'): void;
  /** Someone used the environment here (at most every ACTIVITY_SHARE_MS). */
  onActivity?(): void;
  /** The latest use any process sharing the environment recorded (ms since the epoch), asked before an idle stop. */
  activityElsewhere?(): Promise<number | null>;
  /** A push after the first left out more files (see `skippedPaths`). */
  onSkipped?(): void;
  /**
   * The environment refused a push from this runtime's epoch, or the lease is no longer
   * held (`confirmOwner`): another process owns the environment. The runtime has stopped
   * pushing and pulling; the service lets it go without stopping the environment.
   */
  onFenced?(): void;
  /** Whether this process still owns the environment, asked before pulled changes are handed on. */
  confirmOwner?(): Promise<boolean>;
  /** A push landed in the environment (the whole tree at start, or a batch of changes). */
  onPushed?(changes: number): void;
}

const MAX_PUSH_FAILURES = 3;
/** How often, at most, activity is shared with other processes: far below any idle span worth having. */
const ACTIVITY_SHARE_MS = 30_000;

export class WorkspaceRuntime {
  readonly terminals: TerminalRegistry;
  readonly schedule: PushSchedule;
  private environment: ExecutionEnvironment | null = null;
  private baseline: Tree = new Map();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly startedAt = Date.now();
  private lastActivityAt = Date.now();
  private sharedActivityAt = 0;
  private runningCommands = 0;
  private pushFailures = 0;
  /** Pushes under way (taken from the schedule, not yet in the environment). */
  private pushing = 0;
  private pullRequested = false;
  private inputChain: Promise<unknown> = Promise.resolve();
  private inputWaiting = 0;
  private pushTimer: NodeJS.Timeout | null = null;
  private pullTimer: NodeJS.Timeout | null = null;
  private lastOutputAt = 0;
  private outputSince = 0;
  private lifecycleTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The ignore file as last read (kept when a read fails: the database may be away for a moment). */
  private ignoreRules: IgnoreRules = NO_RULES;
  private ignoreText: string | null = null;
  /** Paths left out of the environment: the push cannot write their names. */
  private readonly skipped = new Set<string>();

  constructor(
    readonly workspaceId: string,
    private readonly source: WorkspaceSource,
    private readonly config: RuntimeConfig,
    private readonly hooks: RuntimeHooks,
    private readonly logger: Logger,
  ) {
    this.schedule = new PushSchedule(config.push);
    this.terminals = new TerminalRegistry(config.terminal, () => this.onTerminalOutput());
  }

  get env(): ExecutionEnvironment | null {
    return this.environment;
  }

  /**
   * Pushes the whole workspace, then lets edits made meanwhile through. Terminals held
   * from an earlier server process are taken back (same ids, same offsets); their
   * commands ran while nobody watched, so nothing is deleted by the push and what they
   * made is pulled back at once.
   */
  async attach(environment: ExecutionEnvironment): Promise<void> {
    const { pushable: files, skipped } = splitPushable(await this.source.listFiles(this.workspaceId));
    this.skip(skipped);
    // Not finding them must not keep the environment from starting: it would only have new terminals.
    const held = await environment.heldTerminals().catch((error: unknown) => {
      this.logger.warn({ workspaceId: this.workspaceId, reason: reasonOf(error) }, 'held terminals could not be listed');
      return [];
    });
    await environment.pushAll(files, { keepOthers: held.length > 0 });
    this.hooks.onPushed?.(files.length);
    this.baseline = baselineOf(files, this.config.maxFileBytes);
    for (const info of held) {
      try {
        this.terminals.adopt(await environment.reattachTerminal(info.id, { since: info.start }), info);
      } catch (error) {
        this.logger.warn({ workspaceId: this.workspaceId, termId: info.id, reason: reasonOf(error) }, 'a held terminal could not be re-attached');
      }
    }
    this.environment = environment;
    this.armLifecycle();
    this.armPush();
    if (held.length > 0) void this.requestPull();
  }

  /** What was left out of the environment, for `env.status`; undefined when nothing was. */
  skippedPaths(): SkippedPaths | undefined {
    return summariseSkipped(this.skipped);
  }

  /** A left-out path (or a folder of them) was renamed or deleted; true if that changed the list. */
  forgetSkipped(path: string): boolean {
    let changed = false;
    for (const skipped of this.skipped) {
      if (isSameOrBelow(skipped, path)) changed = this.skipped.delete(skipped) || changed;
    }
    return changed;
  }

  touch(): void {
    const now = Date.now();
    this.lastActivityAt = now;
    if (this.hooks.onActivity && now - this.sharedActivityAt >= ACTIVITY_SHARE_MS) {
      this.sharedActivityAt = now;
      this.hooks.onActivity();
    }
  }

  markDirty(change: DirtyChange): void {
    this.touch();
    this.schedule.mark(change, Date.now());
    this.armPush();
  }

  async run<T>(body: (env: ExecutionEnvironment) => Promise<T>): Promise<T> {
    const env = this.environment!;
    this.runningCommands++;
    this.touch();
    try {
      await this.flushNow();
      return await body(env);
    } finally {
      this.runningCommands--;
      this.touch();
      await this.requestPull();
    }
  }

  /** Pushes pending edits now (before a command runs, so it sees what was just typed). */
  flushNow(): Promise<void> {
    if (!this.schedule.pending) return this.settled();
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
    return this.exclusive(() => this.flush());
  }

  /**
   * Terminal input, in order. Enter while edits are pending waits for their push,
   * so `python main.py` typed right after an edit runs the edited file.
   */
  input(write: () => void, data: string): void {
    this.touch();
    const submits = data.includes('\r') || data.includes('\n');
    // Pending or already on its way: a push in flight is not yet in the environment either.
    if (!this.inputWaiting && !(submits && (this.schedule.pending || this.pushing > 0) && this.environment)) return write();
    this.inputWaiting++;
    const before = submits ? this.flushNow() : Promise.resolve();
    this.inputChain = Promise.all([this.inputChain, before.catch(() => {})])
      .then(write)
      .finally(() => this.inputWaiting--);
  }

  /** Pulls now (coalesced with one already waiting), e.g. after a command finished. */
  requestPull(): Promise<void> {
    if (this.pullRequested) return this.queue.then(() => {});
    this.pullRequested = true;
    return this.exclusive(async () => {
      this.pullRequested = false;
      await this.pullNow();
    });
  }

  /**
   * Pushes what is pending and pulls once more; then no timer of this runtime fires
   * again. `release`: the terminals are let go, not closed (held shells run on for the
   * next server process).
   */
  async stop(how: { release?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of [this.pushTimer, this.pullTimer, this.lifecycleTimer]) if (timer) clearTimeout(timer);
    if (how.release) this.terminals.releaseAll();
    else this.terminals.closeAll();
    if (this.environment) {
      await this.exclusive(() => this.flush()).catch(() => {});
      await this.exclusive(() => this.pullNow()).catch(() => {});
    }
  }

  /**
   * Another process owns the environment: no timer fires again, nothing more is pushed
   * or pulled, and this process lets go of its terminals without ending them (held
   * shells run on for the new owner).
   */
  abandon(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of [this.pushTimer, this.pullTimer, this.lifecycleTimer]) if (timer) clearTimeout(timer);
    this.terminals.releaseAll();
  }

  private fenced(error: FencedError): void {
    if (this.stopped) return;
    this.logger.warn({ workspaceId: this.workspaceId, reason: error.message }, 'environment owned elsewhere: letting it go');
    this.abandon();
    this.hooks.onFenced?.();
  }

  /** Waits until pushes and pulls queued so far are done (tests, benchmarks, shutdown). */
  settled(): Promise<void> {
    return this.queue.then(() => {});
  }

  /**
   * Output cues a pull once it has been quiet for `pullQuietMs`, or `pullMaxDelayMs`
   * after it began if it never stops (a server logging while it writes files). One
   * timer, re-checked when it fires: output chunks only update a timestamp.
   */
  private onTerminalOutput(): void {
    this.touch();
    if (this.stopped) return;
    this.lastOutputAt = Date.now();
    if (this.pullTimer) return;
    this.outputSince = this.lastOutputAt;
    this.armPullTimer();
  }

  private armPullTimer(): void {
    const now = Date.now();
    const dueAt = Math.min(this.lastOutputAt + this.config.pullQuietMs, this.outputSince + this.config.pullMaxDelayMs);
    this.pullTimer = setTimeout(() => {
      this.pullTimer = null;
      if (this.stopped) return;
      if (Date.now() < Math.min(this.lastOutputAt + this.config.pullQuietMs, this.outputSince + this.config.pullMaxDelayMs)) {
        return this.armPullTimer();
      }
      void this.requestPull();
    }, Math.max(0, dueAt - now));
  }

  private armPush(): void {
    if (!this.environment || this.stopped) return;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    const dueAt = this.schedule.dueAt();
    if (dueAt === null) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      void this.exclusive(() => this.flush());
    }, Math.max(0, dueAt - Date.now()));
  }

  /** Counted from the moment the batch leaves the schedule (its contents read) until it is in the environment. */
  private async flush(): Promise<void> {
    this.pushing++;
    try {
      await this.pushBatch();
    } finally {
      this.pushing--;
    }
  }

  private async pushBatch(): Promise<void> {
    const env = this.environment;
    if (!env || !this.schedule.pending) return;
    const batch = this.schedule.take();
    const read = await toPushChanges(batch, this.baseline, () => this.source.listFiles(this.workspaceId), (path, error) =>
      this.logger.warn({ workspaceId: this.workspaceId, path, err: error }, 'document content unavailable; not pushed'),
    );
    // A renamed folder's files are re-read from the source, which may hold names the push cannot write.
    const { pushable: changes, skipped } = splitPushable(read);
    if (skipped.length > 0 && this.skip(skipped)) this.hooks.onSkipped?.();
    if (changes.length === 0) return;
    try {
      await env.push(changes);
      applyPushToBaseline(this.baseline, changes, this.config.maxFileBytes);
      this.pushFailures = 0;
      this.hooks.onPushed?.(changes.length);
    } catch (error) {
      if (error instanceof FencedError) return this.fenced(error);
      this.pushFailures++;
      this.logger.error({ workspaceId: this.workspaceId, err: error, attempt: this.pushFailures }, 'push to the environment failed');
      if (this.pushFailures >= MAX_PUSH_FAILURES) return this.hooks.onStopDue('push-failed');
      // Mark the batch again (the newest content is read again on the next try).
      for (const path of batch.deletes) this.schedule.mark({ kind: 'delete', path }, Date.now());
      for (const op of batch.ops) this.schedule.mark(op.kind === 'resync' ? { kind: 'rename', from: op.path, to: op.path } : op, Date.now());
      this.armPush();
    }
  }

  private async pullNow(): Promise<void> {
    const env = this.environment;
    if (!env) return;
    let snapshot: Tree;
    try {
      snapshot = await env.pull();
    } catch (error) {
      const level = error instanceof PullRejectedError ? 'warn' : 'error';
      this.logger[level]({ workspaceId: this.workspaceId, reason: reasonOf(error) }, 'pull-back skipped: snapshot not usable');
      return;
    }
    const rules = await this.readIgnoreFile();
    const changes = diffTrees(this.baseline, snapshot, this.config.pullIgnore, rules);
    // A replica that lost the environment must not hand on what it saw there: its
    // baseline is older than the new owner's pushes, so the diff could undo them.
    if (changes.length > 0 && this.hooks.confirmOwner && !(await this.hooks.confirmOwner().catch(() => false))) {
      return this.fenced(new FencedError('the lease is no longer held'));
    }
    this.baseline = withoutIgnored(snapshot, rules);
    if (changes.length > 0) this.hooks.onPulled(changes);
    this.hooks.onPullDone?.();
  }

  /** The workspace's `.tandemignore`, read live (its document, not the environment's copy) before each pull. */
  private async readIgnoreFile(): Promise<IgnoreRules> {
    if (!this.source.readFile) return NO_RULES;
    let text: string | null;
    try {
      text = await this.source.readFile(this.workspaceId, IGNORE_FILE);
    } catch (error) {
      this.logger.warn({ workspaceId: this.workspaceId, reason: reasonOf(error) }, 'ignore file unreadable; its last rules apply');
      return this.ignoreRules;
    }
    if (text !== this.ignoreText) {
      this.ignoreText = text;
      this.ignoreRules = compileIgnoreFile(text);
      if (this.ignoreRules.refused.length > 0) {
        this.logger.warn({ workspaceId: this.workspaceId, lines: this.ignoreRules.refused.slice(0, 20) }, 'ignore file lines that do not compile are left out');
      }
    }
    return this.ignoreRules;
  }

  private armLifecycle(askElsewhere = true): void {
    if (this.stopped) return;
    const state = { startedAt: this.startedAt, lastActivityAt: this.lastActivityAt, runningCommands: this.runningCommands };
    const decision = decideLifecycle(this.config.lifecycle, state, Date.now());
    if (decision.kind === 'stop') {
      // Idle here, but another replica may be serving people in the same environment.
      if (decision.reason === 'idle' && askElsewhere && this.hooks.activityElsewhere) return void this.idleElsewhere();
      return this.hooks.onStopDue(decision.reason);
    }
    this.lifecycleTimer = setTimeout(() => this.armLifecycle(), Math.max(10, decision.at - Date.now()));
    this.lifecycleTimer.unref();
  }

  private async idleElsewhere(): Promise<void> {
    // Unknown (the database is away): decide on what this process saw.
    const at = await this.hooks.activityElsewhere!().catch(() => null);
    if (at !== null && at > this.lastActivityAt) this.lastActivityAt = Math.min(at, Date.now());
    this.armLifecycle(false);
  }

  /** Records paths left out; true if any is new. */
  private skip(paths: readonly string[]): boolean {
    const before = this.skipped.size;
    for (const path of paths) this.skipped.add(path);
    if (this.skipped.size > before) this.logger.warn({ workspaceId: this.workspaceId, paths: paths.slice(0, 20), count: paths.length }, 'files left out of the environment: their names cannot be written');
    return this.skipped.size > before;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => {});
    return result;
  }
}
