// Starts a server process pinned to core 0 (when `taskset` exists) and waits for
// the line that says it listens.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { ServerFailed } from '../errors';

export const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

/** Pins the calling process (all its threads) to `core`, so the generator never competes with the server. */
export function pinSelf(core: number): boolean {
  if (!hasTaskset) return false;
  return spawnSync('taskset', ['-a', '-cp', String(core), String(process.pid)]).status === 0;
}

export interface SpawnedServer {
  pid: number;
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  stop(): Promise<void>;
}

export async function spawnServer(
  name: string,
  args: string[],
  opts: {
    cwd?: string;
    env?: Record<string, string>;
    core?: number;
    startTimeoutMs?: number;
    /** Also ready once this answers HTTP at all (a quiet log level may hide the "listening" line). */
    readyOrigin?: string;
  } = {},
): Promise<SpawnedServer> {
  const command = hasTaskset ? ['taskset', '-c', String(opts.core ?? 0), process.execPath, ...args] : [process.execPath, ...args];
  // taskset execs node, so the child's pid is the server's pid.
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ServerFailed(`${name} did not print "listening" within ${opts.startTimeoutMs ?? 30_000} ms:\n${output.slice(-2000)}`)),
      opts.startTimeoutMs ?? 30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening\S*\s.*?(https?:\/\/[^\s"'`]+)/i.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    };
    if (opts.readyOrigin) {
      const poll = setInterval(() => {
        fetch(`${opts.readyOrigin}/api/health`).then(
          () => {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(opts.readyOrigin!);
          },
          () => {},
        );
      }, 500);
      child.once('exit', () => clearInterval(poll));
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new ServerFailed(`${name} exited with ${code} before listening:\n${output.slice(-2000)}`));
    });
  });
  // Keep draining its output, or a chatty server blocks on a full pipe.
  // BENCH_SERVER_LOG=<file>: keep the server's output (e.g. with --trace-gc) for a post-mortem.
  if (process.env.BENCH_SERVER_LOG) {
    const file = createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' });
    child.stdout!.pipe(file);
    child.stderr!.pipe(file);
  } else {
    child.stdout!.resume();
    child.stderr!.resume();
  }
  return {
    pid: child.pid!,
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
