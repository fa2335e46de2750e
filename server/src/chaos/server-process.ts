/**
 * The chaos suite's server: `node --import tsx server/src/main.ts` as a child process
 * (what `npm start` runs), so tests can SIGKILL it, or the PostgreSQL it started, and
 * read what it logged. Also the small HTTP and metrics readers the suite shares.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { freePort } from '@tandem/persistence/free-port';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it wrote so far (JSON log lines on stdout, messages on stderr). */
  output(): string;
}


/** Starts the server with `env` over the test's environment; resolves once it listens. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', TANDEM_SANDBOX: 'none', ...env };
  // The suite's own database is not the server's unless the test says so.
  if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const poll = setInterval(() => {
      if (!/Tandem listening on/.test(output)) return;
      clearInterval(poll);
      clearTimeout(timer);
      ok();
    }, 20);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} during start-up:\n${output}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, exited, output: () => output };
}

/** SIGKILL, resolved once the process is gone. */
export async function killServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}

/** The URL of the embedded PostgreSQL a server started under `dataDir` (its record file). */
export async function embeddedDatabaseUrl(dataDir: string): Promise<string> {
  const record = JSON.parse(await readFile(join(dataDir, 'postgres', 'tandem-embedded.json'), 'utf8')) as { port: number; password: string };
  return `postgres://postgres:${encodeURIComponent(record.password)}@127.0.0.1:${record.port}/tandem`;
}

/** The pid in the embedded PostgreSQL's postmaster.pid. */
export async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(join(dataDir, 'postgres', 'data', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One Prometheus sample (`name` or `name{labels}` exactly as rendered), or NaN when absent. */
export async function metric(url: string, sample: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : Number.NaN;
}

/** The status of GET /api/health/ready, or 0 when nothing answers. */
export async function readyStatus(url: string): Promise<number> {
  try {
    const res = await fetch(`${url}/api/health/ready`);
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
