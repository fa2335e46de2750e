/**
 * A running workspace pod seen as an ExecutionEnvironment. Every operation is an
 * exec stream: pushes run the remote push script with a framed archive on stdin,
 * pulls stream `tar` from /app into the hostile-input reader, commands run under
 * `timeout`, language servers on pipes (`kubernetes-process.ts`), shells under session
 * holders (`pod-holders.ts`). The exit status on the status channel is checked every time.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { buildPushArchive, encodeFrame, FENCED_EXIT, readTreeSnapshot, REMOTE_PUSH_SCRIPT, STAGING_PREFIX, type PullLimits } from '../archive';
import { CommandTimeoutError, FencedError, ProcessStartError, PullError, PushError, TerminalNotFoundError } from '../errors';
import type { ExecutionEnvironment, HeldTerminalInfo, LanguageTools, ProcessHandle, PulledChangeEntry, PushChange, TerminalHandle, WorkspaceFile } from '../executor';
import { CommandFailedError } from './errors';
import { ExecSession, type ExecRequest, type ExecTarget } from './exec-session';
import type { ExecOutcome } from './exec-status';
import { openKubernetesProcess } from './kubernetes-process';
import { openKubernetesTerminal } from './kubernetes-terminal';
import type { HeldTerminalHandle } from '../holder/holder-client';
import type { PodHolders } from './pod-holders';
import { LANGUAGE_TOOLS_PROBE, languageToolsFromProbe } from './language-tools';
import { WORKSPACE_MOUNT } from './options';

export interface EnvironmentSettings {
  keepaliveMs: number;
  transferTimeoutMs: number;
  pullLimits?: Partial<PullLimits>;
  /** Shells under session holders in the pod (they outlive this server); null: exec streams that die with it. */
  holders?: PodHolders | null;
}

const DEFAULT_RUN_TIMEOUT_MS = 10 * 60_000;
const TIMEOUT_EXIT = 124; // what coreutils `timeout` exits with

/**
 * The pod's push fence (remote-push-script.ts): in its /tmp (an emptyDir), outside the
 * workspace volume, so it is never one of the workspace's files. A new pod starts with
 * none, and the new owner's first push records its epoch before any other can land.
 */
const POD_FENCE_DIR = '/tmp/.tandem-fence';

export class KubernetesEnvironment implements ExecutionEnvironment {
  private readonly terminals = new Set<TerminalHandle>();
  private readonly sessions = new Set<ExecSession>();
  private tools: Promise<LanguageTools> | null = null;

  constructor(
    readonly workspaceId: string,
    private readonly target: ExecTarget,
    private readonly settings: EnvironmentSettings,
  ) {}

  private epoch = 0;

  fenceAt(epoch: number): void {
    this.epoch = Math.max(this.epoch, epoch);
  }

  async push(changes: PushChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.pushArchive(await buildPushArchive(changes));
  }

  /** Replaces the tree with the server's files, in one push (the start-up push). */
  async pushAll(files: WorkspaceFile[], opts: { keepOthers?: boolean } = {}): Promise<void> {
    await this.pushArchive(await buildPushArchive(files.map((f) => ({ kind: 'write', path: f.path, content: f.content })), { replace: !opts.keepOthers }));
  }

  private async pushArchive(archive: Buffer): Promise<void> {
    const frame = encodeFrame(archive);
    let stderr = '';
    const session = await this.open({ command: ['bash', '-c', REMOTE_PUSH_SCRIPT, 'tandem-push', WORKSPACE_MOUNT, String(this.epoch), POD_FENCE_DIR], stdin: true, tty: false, onStderr: (d) => (stderr += d.toString()) }, PushError);
    session.write(frame);
    session.closeStdin(); // v5: EOF too; v4: the frame tells the script where the archive ends
    const outcome = await this.finish(session, PushError, 'push');
    if (outcome.kind === 'exited' && outcome.code === FENCED_EXIT) throw new FencedError(stderr.trim());
    if (outcome.kind !== 'exited' || outcome.code !== 0) throw new PushError(`push failed in the environment: ${describe(outcome)} ${stderr.trim()}`.trim());
  }

  async pull(): Promise<Map<string, PulledChangeEntry>> {
    const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
    let session: ExecSession | undefined;
    session = await this.open(
      {
        command: ['tar', '-C', WORKSPACE_MOUNT, `--exclude=./${STAGING_PREFIX}*`, '-cf', '-', '.'],
        stdin: false,
        tty: false,
        onStdout: (data) => {
          if (!stream.write(data)) session?.pause(); // backpressure to the API server
        },
      },
      PullError,
    );
    stream.on('drain', () => session?.resume());
    const outcome = this.finish(session, PullError, 'pull').finally(() => stream.end());
    outcome.catch(() => {});
    try {
      const snapshot = await readTreeSnapshot(stream, this.settings.pullLimits);
      const ended = await outcome;
      // GNU tar exits 1 when a file changed while it was read: the snapshot is still usable.
      if (ended.kind !== 'exited' || ended.code > 1) throw new PullError(`pull failed in the environment: ${describe(ended)}`);
      return snapshot.entries;
    } catch (error) {
      session.close();
      await outcome.catch(() => {});
      if (error instanceof PullError) throw error;
      throw new PullError(`could not read the environment's files: ${(error as Error).message}`, { cause: error });
    }
  }

  async openTerminal(opts: { cols: number; rows: number }): Promise<TerminalHandle> {
    const holders = this.settings.holders;
    const terminal = holders ? await holders.open(opts) : await openKubernetesTerminal(this.target, randomUUID(), opts, this.settings.keepaliveMs);
    return this.track(terminal);
  }

  async heldTerminals(): Promise<HeldTerminalInfo[]> {
    return this.settings.holders ? this.settings.holders.list() : [];
  }

  async reattachTerminal(id: string, opts: { since?: number } = {}): Promise<TerminalHandle> {
    if (!this.settings.holders) throw new TerminalNotFoundError(id);
    return this.track(await this.settings.holders.attach(id, opts.since ?? 0));
  }

  /** Lets go of the pod without ending its held shells (another server re-attaches them). */
  letGo(): void {
    for (const terminal of this.terminals) terminal.detach ? terminal.detach() : terminal.kill();
    for (const session of this.sessions) session.close();
  }

  private track(terminal: TerminalHandle | HeldTerminalHandle): TerminalHandle {
    this.terminals.add(terminal);
    // A held one stays until its connection closes: its holder keeps the exit code
    // until it is told to go (closeAll), even after the shell has exited.
    if ('closed' in terminal) void terminal.closed.then(() => this.terminals.delete(terminal));
    else terminal.onExit(() => this.terminals.delete(terminal));
    return terminal;
  }

  async run(command: string, opts: { timeoutMs?: number } = {}): Promise<{ exitCode: number; output: string }> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    let output = '';
    const stdout = new StringDecoder('utf8');
    const stderr = new StringDecoder('utf8');
    // `timeout` ends the command inside the pod; closing our socket alone might not.
    const session = await this.open(
      { command: ['timeout', '-k', '2', `${seconds}s`, 'bash', '-c', `cd ${WORKSPACE_MOUNT} && ${command}`], stdin: false, tty: false, onStdout: (d) => (output += stdout.write(d)), onStderr: (d) => (output += stderr.write(d)) },
      CommandFailedError,
    );
    const outcome = await this.finish(session, CommandFailedError, 'run', timeoutMs + 5_000).catch((error: unknown) => {
      if (error instanceof CommandTimeoutError) throw new CommandTimeoutError(command, timeoutMs);
      throw error;
    });
    if (outcome.kind !== 'exited') throw new CommandFailedError(`command could not run: ${outcome.message}`);
    if (outcome.code === TIMEOUT_EXIT) throw new CommandTimeoutError(command, timeoutMs);
    return { exitCode: outcome.code, output: output + stdout.end() + stderr.end() };
  }

  spawnProcess(argv: string[]): Promise<ProcessHandle> {
    return openKubernetesProcess(argv, (request) => this.open({ ...request, keepaliveMs: this.settings.keepaliveMs }, ProcessStartError));
  }

  /** Probed once per pod (the image decides); a failed probe is tried again next time. */
  languageTools(): Promise<LanguageTools> {
    if (this.tools) return this.tools;
    const probe = this.probeLanguageTools();
    this.tools = probe;
    probe.catch(() => {
      if (this.tools === probe) this.tools = null;
    });
    return probe;
  }

  private async probeLanguageTools(): Promise<LanguageTools> {
    let stdout = '';
    const session = await this.open({ command: LANGUAGE_TOOLS_PROBE, stdin: false, tty: false, onStdout: (d) => (stdout += d.toString()) }, CommandFailedError);
    // `command -v` fails for a tool that is absent, so the exit code says nothing: the output does.
    const outcome = await this.finish(session, CommandFailedError, 'language tools probe');
    if (outcome.kind !== 'exited') throw new CommandFailedError(`could not look for language servers: ${outcome.message}`);
    return languageToolsFromProbe(stdout);
  }

  /** Ends every stream of this environment (the pod is going away). */
  closeAll(): void {
    for (const terminal of this.terminals) terminal.kill();
    for (const session of this.sessions) session.close();
  }

  private async open(request: ExecRequest, Failure: new (m: string, o?: { cause?: unknown }) => Error): Promise<ExecSession> {
    try {
      const session = await ExecSession.open(this.target, request);
      this.sessions.add(session);
      session.done.finally(() => this.sessions.delete(session)).catch(() => {});
      return session;
    } catch (error) {
      throw new Failure(`could not reach the environment: ${(error as Error).message}`, { cause: error });
    }
  }

  private async finish(session: ExecSession, Failure: new (m: string, o?: { cause?: unknown }) => Error, what: string, timeoutMs = this.settings.transferTimeoutMs): Promise<ExecOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        session.close();
        reject(what === 'run' ? new CommandTimeoutError(what, timeoutMs) : new Failure(`${what} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([session.done, timeout]);
    } catch (error) {
      if (error instanceof CommandTimeoutError || error instanceof Failure) throw error;
      throw new Failure(`${what}: ${(error as Error).message}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

function describe(outcome: ExecOutcome): string {
  return outcome.kind === 'exited' ? `exit code ${outcome.code}` : outcome.message;
}
