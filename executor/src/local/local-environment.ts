/**
 * One workspace of the local backend: a folder on disk, the shells, commands and
 * language servers running in it, and its files moved in and out. Sandboxed, every process and every
 * file transfer runs inside the workspace's sandbox (`sandboxed-io.ts`); in plain
 * mode (the explicit opt-in) pushes run the pod's push script on the folder, and pulls
 * walk the folder.
 */
import { buildPushArchive, type PullLimits } from '../archive';
import type { ExecutionEnvironment, HeldTerminalInfo, LanguageTools, ProcessHandle, PulledChangeEntry, PushChange, TerminalHandle, WorkspaceFile } from '../executor';
import type { HeldTerminalHandle } from '../holder/holder-client';
import type { HeldTerminals } from './held-terminals';
import { spawnLocalProcess, type LocalProcess } from './local-process';
import { spawnLocalTerminal, type LocalTerminal } from './local-terminal';
import type { ProcessRecords } from './process-records';
import { killSession, type ProcessIdentity } from './process-tree';
import { runCommand, type RunResult } from './run-command';
import { buildProcessCommand, type ProcessSpec, type ResourceLimits, type SandboxNetwork, type SandboxSpec } from './sandbox-command';
import { pullArgv, pullThroughSandbox, pushArgv, pushThroughSandbox, SANDBOX_FENCE_DIR } from './sandboxed-io';
import { walkTree, type WalkCache } from './tree-walk';

export interface LocalEnvironmentConfig {
  workspaceId: string;
  dir: string;
  /** The push fence's folder on the host (outside the workspace). */
  fenceDir: string;
  /** null: plain mode. Otherwise the workspace's sandbox with the network asked for. */
  sandbox: ((network: SandboxNetwork) => SandboxSpec) | null;
  /** The network terminals and commands get (file transfers never have any). */
  network: SandboxNetwork;
  limits: ResourceLimits;
  shell: string[];
  pullLimits: Partial<PullLimits>;
  /** Folder names never pulled back, and kept by `pushAll` (installed packages survive a restart). */
  pullIgnore: ReadonlySet<string>;
  records: ProcessRecords;
  runTimeoutMs: number;
  maxRunOutputBytes: number;
  /** The language servers found for this backend (`local-language-tools.ts`); their folders are in the sandbox. */
  languageTools: LanguageTools;
  /** Undoes what the backend prepared for this workspace (cgroup, disk mount). */
  release: () => Promise<void>;
  /** Shells under session holders (they outlive the server); new shells are the server's children when it `!canOpen` (no Python 3 here). */
  held: HeldTerminals;
}

export class LocalEnvironment implements ExecutionEnvironment {
  readonly workspaceId: string;
  private readonly terminals = new Set<LocalTerminal>();
  private readonly attached = new Set<HeldTerminalHandle>();
  private readonly processes = new Set<LocalProcess>();
  private readonly runs = new Set<AbortController>();
  private stopped: Promise<void> | null = null;
  private readonly walkCache: WalkCache = new Map();
  private epoch = 0;

  constructor(private readonly config: LocalEnvironmentConfig) {
    this.workspaceId = config.workspaceId;
  }

  fenceAt(epoch: number): void {
    this.epoch = Math.max(this.epoch, epoch);
  }

  async push(changes: PushChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.pushArchive(await buildPushArchive(changes));
  }

  /**
   * Replaces the tree: what the server does not have is removed (nothing runs yet at
   * start), except folders with ignored names, so `node_modules` or a venv survive.
   */
  async pushAll(files: WorkspaceFile[], opts: { keepOthers?: boolean } = {}): Promise<void> {
    const changes = files.map((f): PushChange => ({ kind: 'write', path: f.path, content: f.content }));
    this.walkCache.clear();
    // Held shells kept running (a take-over): their files stay; what the server lacks is pulled back next.
    await this.pushArchive(await buildPushArchive(changes, { replace: !opts.keepOthers }));
  }

  pull(): Promise<Map<string, PulledChangeEntry>> {
    const { dir, pullLimits, pullIgnore } = this.config;
    if (this.config.sandbox) return pullThroughSandbox(this.command(pullArgv(pullIgnore), { tty: false, network: 'none' }), pullLimits);
    return walkTree(dir, { limits: pullLimits, ignoreNames: pullIgnore, cache: this.walkCache });
  }

  async openTerminal(opts: { cols: number; rows: number }): Promise<TerminalHandle> {
    if (this.config.held.canOpen) return this.track(await this.config.held.open(opts));
    const terminal = spawnLocalTerminal(this.command(this.config.shell, { tty: true, network: this.config.network }), opts);
    this.terminals.add(terminal);
    const identity = await terminal.identity;
    if (identity) await this.config.records.add(this.workspaceId, identity);
    void terminal.exited.then(async () => {
      this.terminals.delete(terminal);
      if (identity) await this.config.records.remove(this.workspaceId, identity.pid);
    });
    return terminal;
  }

  async heldTerminals(): Promise<HeldTerminalInfo[]> {
    return this.config.held.list();
  }

  async reattachTerminal(id: string, opts: { since?: number } = {}): Promise<TerminalHandle> {
    return this.track(await this.config.held.attach(id, opts.since ?? 0));
  }

  async run(command: string, opts: { timeoutMs?: number } = {}): Promise<RunResult> {
    const abort = new AbortController();
    this.runs.add(abort);
    try {
      return await runCommand(this.command(['bash', '-c', command], { tty: false, network: this.config.network }), command, {
        timeoutMs: opts.timeoutMs ?? this.config.runTimeoutMs,
        maxOutputBytes: this.config.maxRunOutputBytes,
        signal: abort.signal,
      });
    } finally {
      this.runs.delete(abort);
    }
  }

  /**
   * A program with pipes (a language server): no network, whatever terminals get,
   * since it only reads the workspace and talks to the server through its pipes.
   */
  async spawnProcess(argv: string[]): Promise<ProcessHandle> {
    const spawned = await spawnLocalProcess(this.command(argv, { tty: false, network: 'none' }), argv[0] ?? 'the program');
    this.processes.add(spawned);
    const identity = await spawned.identity;
    if (identity) await this.config.records.add(this.workspaceId, identity);
    void spawned.exited.then(async () => {
      this.processes.delete(spawned);
      if (identity) await this.config.records.remove(this.workspaceId, identity.pid);
    });
    // A stop that began while this one started would not have seen it.
    if (this.stopped) spawned.kill();
    return spawned;
  }

  async languageTools(): Promise<LanguageTools> {
    return this.config.languageTools;
  }

  /** Kills every shell (held ones too), command and program of the workspace; the folder stays (it is the workspace's disk). */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      await this.endOwnProcesses();
      await this.config.held.killAll();
      await this.config.release();
    })();
    return this.stopped;
  }

  /**
   * Lets go of the workspace without ending its held shells (another server process
   * re-attaches them): commands and programs with pipes to this process end; the
   * folder, cgroup and disk stay as they are, for the held shells.
   */
  letGo(): Promise<void> {
    this.stopped ??= (async () => {
      for (const handle of this.attached) handle.detach();
      await this.endOwnProcesses();
    })();
    return this.stopped;
  }

  private track(handle: HeldTerminalHandle): HeldTerminalHandle {
    this.attached.add(handle);
    void handle.closed.then(() => this.attached.delete(handle));
    // A stop that began while this one attached would not have seen it.
    if (this.stopped) handle.detach();
    return handle;
  }

  /** Commands, programs with pipes and unheld shells: the children of this server process. */
  private async endOwnProcesses(): Promise<void> {
    for (const abort of this.runs) abort.abort();
    const running = [...this.terminals, ...this.processes];
    const identities = await Promise.all(running.map((t) => t.identity));
    await Promise.all(identities.filter((i): i is ProcessIdentity => i !== null).map(killSession));
    // A shell that ignores SIGKILL does not exist, but a stop must never hang on one.
    const exited = Promise.all(running.map((t) => t.exited));
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }

  /**
   * The pod's push script in both modes, so both fence alike (remote-push-script.ts):
   * in the sandbox as the workspace's uid, in plain mode on the folder itself.
   */
  private async pushArchive(archive: Buffer): Promise<void> {
    const { sandbox, fenceDir, pullIgnore, dir } = this.config;
    const command = sandbox
      ? this.command(pushArgv(this.epoch, SANDBOX_FENCE_DIR, pullIgnore), { tty: false, network: 'none', writable: [{ host: fenceDir, inside: SANDBOX_FENCE_DIR }] })
      : this.command(pushArgv(this.epoch, fenceDir, pullIgnore, dir), { tty: false, network: 'none' });
    await pushThroughSandbox(command, archive);
  }

  private command(argv: string[], how: { tty: boolean; network: SandboxNetwork; writable?: ProcessSpec['writable'] }) {
    const { dir, limits, sandbox } = this.config;
    return buildProcessCommand({ workspaceDir: dir, argv, limits, sandbox: sandbox ? sandbox(how.network) : null, tty: how.tty, ...(how.writable ? { writable: how.writable } : {}) });
  }
}
