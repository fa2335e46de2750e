/**
 * A local workspace's terminals under session holders (`holder/holder.py`): each shell
 * runs under its own holder, started through the workspace's sandbox chain (cgroup,
 * limits, uid, network: `sandbox-command.ts`) but detached from the server (a session
 * of its own, no pipe to it), so it outlives a server that crashes or restarts.
 *
 * The folder (`<dataDir>/holders/<workspaceId>/`, root's alone, bound into no
 * sandbox) holds per terminal `<id>.sock`, the holder's listening socket, and
 * `<id>.json`, the identity of the launcher chain's leader (to kill what a holder
 * that stopped answering left). The socket is made here and handed to the holder as
 * an open descriptor: nothing inside any sandbox, this workspace's shells included,
 * can reach it by name.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { TerminalNotFoundError } from '../errors';
import type { HeldTerminalInfo } from '../executor';
import { attachHolder, queryHolder, type HeldTerminalHandle } from '../holder/holder-client';
import { HOLDER_LISTEN_FD, holderServeArgv } from '../holder/holder-program';
import { identify, killSession, type ProcessIdentity } from './process-tree';
import type { ProcessCommand } from './sandbox-command';

export interface HeldTerminalsConfig {
  /** This workspace's holder folder. */
  dir: string;
  /**
   * How new holders start: the sandbox chain around an argv (with the terminals'
   * network) and the Python 3 that runs them. null: none are started here (no Python,
   * or only a stop), but those running are found, attached and killed.
   */
  start: { command: (argv: string[]) => ProcessCommand; python: string } | null;
  shell: string[];
  ringUnits: number;
  /** This server's fencing epoch, asked at each attach (`holder/fencing-epoch.ts`). */
  epoch: () => number;
}

const TERMINAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KILL_WAIT_MS = 3000;

export class HeldTerminals {
  constructor(private readonly config: HeldTerminalsConfig) {}

  /** Whether new shells can be started under holders here. */
  get canOpen(): boolean {
    return this.config.start !== null;
  }

  /** Starts a shell under a new holder and attaches to it from its first output. */
  async open(size: { cols: number; rows: number }): Promise<HeldTerminalHandle> {
    const { dir, start } = this.config;
    if (!start) throw new Error('no Python 3 to run a session holder');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    const socketPath = this.socketPath(id);
    const server = await throughDir(dir, (short) => listen(`${short}/.${id}.listening`));
    // The listening name moves before anyone may connect: closing the server below
    // unlinks the name it listened on (through a folder descriptor closed by then: the
    // name is unique, so whatever that number is now, nothing else is called that), and
    // the holder keeps serving on the descriptor it inherited.
    await rename(join(dir, `.${id}.listening`), socketPath);
    const log = await open(join(dir, `${id}.log`), 'w', 0o600);
    try {
      const command = start.command(holderServeArgv({ python: start.python, ringUnits: this.config.ringUnits, cols: size.cols, rows: size.rows, shell: this.config.shell }));
      const listenFd = (server as unknown as { _handle: { fd: number } })._handle.fd;
      const stdio = ['ignore', log.fd, log.fd, 'ignore', 'ignore'] as Array<'ignore' | number>;
      stdio[HOLDER_LISTEN_FD] = listenFd;
      const child = spawn(command.file, command.args, { env: command.env, cwd: command.cwd, detached: true, stdio });
      const spawned = await new Promise<number>((resolve, reject) => {
        child.once('spawn', () => resolve(child.pid!));
        child.once('error', reject);
      });
      child.unref();
      const leader = await identify(spawned);
      if (leader) await writeFile(join(dir, `${id}.json`), JSON.stringify({ leader }), { mode: 0o600 });
    } catch (error) {
      await this.forget(id);
      throw error;
    } finally {
      await log.close();
      server.close();
    }
    return this.attach(id, 0);
  }

  /** The holders of this workspace that answer; the files of those that do not are removed. */
  async list(): Promise<HeldTerminalInfo[]> {
    const names = await readdir(this.config.dir).catch(() => [] as string[]);
    const ids = names.filter((n) => n.endsWith('.sock')).map((n) => n.slice(0, -5)).filter((id) => TERMINAL_ID.test(id));
    const found = await Promise.all(
      ids.map(async (id): Promise<HeldTerminalInfo | null> => {
        try {
          const state = await queryHolder(await this.connect(id));
          return { id, cols: state.cols, rows: state.rows, start: state.start, end: state.end, exitCode: state.exitCode };
        } catch {
          await this.reap(id);
          return null;
        }
      }),
    );
    return found.filter((info): info is HeldTerminalInfo => info !== null);
  }

  /** Attaches to a running holder; `since` as in `attachHolder`. */
  async attach(id: string, since: number | null): Promise<HeldTerminalHandle> {
    if (!TERMINAL_ID.test(id)) throw new TerminalNotFoundError(id);
    let socket: Socket;
    try {
      socket = await this.connect(id);
    } catch {
      throw new TerminalNotFoundError(id);
    }
    return attachHolder(socket, { id, since, epoch: this.config.epoch() });
  }

  /** Ends every holder of the workspace and its shell (an explicit stop), and what any of them left. */
  async killAll(): Promise<void> {
    const names = await readdir(this.config.dir).catch(() => [] as string[]);
    const ids = [...new Set(names.map((n) => /^\.?([0-9a-f-]{36})\./.exec(n)?.[1]).filter((id): id is string => id !== undefined))];
    await Promise.all(
      ids.map(async (id) => {
        const handle = await this.attach(id, null).catch(() => null);
        if (handle) {
          handle.kill();
          await Promise.race([handle.closed, delay(KILL_WAIT_MS)]);
          handle.detach();
        }
        await this.reap(id);
      }),
    );
    await rm(this.config.dir, { recursive: true, force: true });
  }

  /** Kills what the launcher chain of a holder left (sandbox, network helper), then forgets it. */
  private async reap(id: string): Promise<void> {
    const leader = await readLeader(join(this.config.dir, `${id}.json`));
    if (leader) await killSession(leader);
    await this.forget(id);
  }

  private async forget(id: string): Promise<void> {
    for (const name of [`${id}.sock`, `${id}.json`, `${id}.log`, `.${id}.listening`]) await rm(join(this.config.dir, name), { force: true });
  }

  private socketPath(id: string): string {
    return join(this.config.dir, `${id}.sock`);
  }

  private connect(id: string): Promise<Socket> {
    return throughDir(this.config.dir, (short) => new Promise((resolve, reject) => {
      const socket = connect(`${short}/${id}.sock`);
      // Always heard: a holder may reset the connection at any moment (it refused us, it
      // died); 'close' follows, which is what the users of the socket act on.
      socket.on('error', () => {});
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    }));
  }
}

/**
 * A unix socket's name may be 107 bytes at most, less than a data folder's path can
 * take: sockets are named through `/proc/self/fd/<fd of their folder>/`, which is short
 * whatever the folder's real path.
 */
async function throughDir<T>(dir: string, use: (short: string) => Promise<T>): Promise<T> {
  const handle = await open(dir, 'r');
  try {
    return await use(`/proc/self/fd/${handle.fd}`);
  } finally {
    await handle.close();
  }
}

function listen(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

async function readLeader(file: string): Promise<ProcessIdentity | null> {
  try {
    const { leader } = JSON.parse(await readFile(file, 'utf8')) as { leader?: ProcessIdentity };
    return leader && Number.isInteger(leader.pid) && leader.pid > 1 && Number.isFinite(leader.startTime) ? leader : null;
  } catch {
    return null;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
