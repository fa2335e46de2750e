/**
 * A pod's terminals under session holders (`holder/holder.py`, sent on each exec's
 * stdin: the image needs only its Python 3): each shell runs under a holder started
 * over exec (`serve --listen`, detached in the pod), so it outlives
 * the server process and the exec stream; the server reaches it only through exec,
 * so every attach is `holder.py attach` bridging an exec stream to the holder's
 * socket. The sockets live in a folder of the pod's /tmp (`holderDir`): the pod is
 * the workspace's alone, so unlike the local sandbox its own shells could reach them
 * (they could end or type into their own terminals anyway).
 */
import { randomUUID } from 'node:crypto';
import { TerminalNotFoundError } from '../errors';
import type { HeldTerminalInfo } from '../executor';
import { attachHolder, type HeldTerminalHandle } from '../holder/holder-client';
import { holderAttachArgv, holderListArgv, holderListenArgv, holderSource } from '../holder/holder-program';
import { CommandFailedError } from './errors';
import { openExecDuplex } from './exec-duplex';
import { ExecSession, type ExecTarget } from './exec-session';
import type { ExecOutcome } from './exec-status';

export interface PodHoldersConfig {
  target: ExecTarget;
  /** Folder in the pod for the holders' sockets. */
  dir: string;
  python: string;
  shell: string[];
  ringUnits: number;
  /** This server's fencing epoch, asked at each attach (`holder/fencing-epoch.ts`). */
  epoch: () => number;
  keepaliveMs: number;
}

const TERMINAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// An attach crosses the API server twice and replays up to a ring: more than the local socket needs.
const ATTACH_TIMEOUT_MS = 20_000;

export class PodHolders {
  constructor(private readonly config: PodHoldersConfig) {}

  async open(size: { cols: number; rows: number }): Promise<HeldTerminalHandle> {
    const id = randomUUID();
    const { python, ringUnits, shell } = this.config;
    const { code, stderr } = await this.exec(holderListenArgv({ python, ringUnits, cols: size.cols, rows: size.rows, shell, listen: this.socketPath(id) }));
    const failure = new CommandFailedError(`the terminal's holder did not start in the pod (exit ${code}): ${stderr.trim().slice(0, 300)}`);
    if (code > 0) throw failure;
    // -1: the stream was lost before the status; never taken for success, but the holder
    // may be there all the same, which attaching tells.
    return this.attach(id, 0).catch((error: unknown) => {
      throw code === 0 ? error : failure;
    });
  }

  async attach(id: string, since: number | null): Promise<HeldTerminalHandle> {
    if (!TERMINAL_ID.test(id)) throw new TerminalNotFoundError(id);
    const stream = await openExecDuplex(this.config.target, holderAttachArgv(this.config.python, this.socketPath(id)), this.config.keepaliveMs);
    stream.write(holderSource());
    try {
      return await attachHolder(stream, { id, since, epoch: this.config.epoch(), timeoutMs: ATTACH_TIMEOUT_MS });
    } catch (error) {
      stream.destroy();
      if ((error as Error).message.includes('closed the connection')) throw new TerminalNotFoundError(id);
      throw error;
    }
  }

  async list(): Promise<HeldTerminalInfo[]> {
    const { code, stdout, stderr } = await this.exec(holderListArgv(this.config.python, this.config.dir));
    if (code !== 0) throw new CommandFailedError(`could not list the pod's terminals (exit ${code}): ${stderr.trim().slice(0, 300)}`);
    return stdout.split('\n').flatMap((line): HeldTerminalInfo[] => {
      const info = parseInfo(line);
      return info ? [info] : [];
    });
  }

  private socketPath(id: string): string {
    return `${this.config.dir}/${id}.sock`;
  }

  private async exec(command: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const session = await ExecSession.open(this.config.target, { command, stdin: true, tty: false, onStdout: (d) => (stdout += d.toString()), onStderr: (d) => (stderr += d.toString()) });
    session.write(holderSource());
    const outcome = await session.done.catch((error: Error): ExecOutcome => ({ kind: 'error', message: error.message }));
    return { code: outcome.kind === 'exited' ? outcome.code : -1, stdout, stderr: outcome.kind === 'exited' ? stderr : `${stderr} ${outcome.message}` };
  }
}

/** One line of `holder.py list` (the pod's output: checked, never trusted). */
function parseInfo(line: string): HeldTerminalInfo | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const v = value as Record<string, unknown>;
  if (typeof v !== 'object' || v === null || typeof v.id !== 'string' || !TERMINAL_ID.test(v.id)) return null;
  const ints = [v.cols, v.rows, v.start, v.end].every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
  const exitCode = v.exitCode === null || Number.isSafeInteger(v.exitCode) ? (v.exitCode as number | null) : undefined;
  if (!ints || exitCode === undefined) return null;
  return { id: v.id, cols: v.cols as number, rows: v.rows as number, start: v.start as number, end: v.end as number, exitCode };
}
