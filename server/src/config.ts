/**
 * Configuration: defaults plus the environment, validated once at start-up.
 * A bad value fails start-up with a message naming the variable to fix.
 * Subsystems add their settings here (with a default), never read process.env themselves.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import { isAddressOrCidr } from './http/client-address';
import { parseAuthority } from './http/host-policy';

const MiB = 1024 * 1024;
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

const quantity = (def: string) =>
  z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/, 'a Kubernetes quantity such as 500m, 512Mi or 1Gi').default(def);

/** Comma-separated, blanks ignored. */
const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const emptyIsUnset = (value: unknown) => (value === '' ? undefined : value);

/** An http(s) URL of scheme, host and port only: where users reach the server. */
function isServerUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  const plain = !url.username && !url.password && url.pathname === '/' && !url.search && !url.hash;
  return (url.protocol === 'http:' || url.protocol === 'https:') && plain && parseAuthority(url.host) !== null;
}

const publicUrl = z.preprocess(
  emptyIsUnset,
  z.string().refine(isServerUrl, 'an http(s) URL with scheme, host and port only, such as https://tandem.example.com').optional(),
);

const allowedHosts = z.string().default('').superRefine((text, issue) => {
  for (const entry of list(text)) {
    if (entry.includes('*')) issue.addIssue({ code: 'custom', message: `"${entry}": wildcards are not allowed; list each host name` });
    else if (!parseAuthority(entry)) issue.addIssue({ code: 'custom', message: `"${entry}" is not host[:port] (IPv6 in brackets)` });
  }
});

const trustedProxies = z.string().default('').superRefine((text, issue) => {
  for (const entry of list(text)) {
    if (!isAddressOrCidr(entry)) issue.addIssue({ code: 'custom', message: `"${entry}" is not an IP address or CIDR block (10.0.0.0/8)` });
  }
});

const schema = z.object({
  PORT: int(8080, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TANDEM_DATA_DIR: z.string().min(1).default('.tandem'),
  DATABASE_URL: z.string().url().optional(),
  TANDEM_EXECUTOR: z.enum(['local', 'kubernetes']).default('local'),
  /** Origins allowed for cookie-authenticated state changes besides the server's own (comma-separated). */
  TANDEM_ALLOWED_ORIGINS: z.string().default(''),
  /** The URL users reach the server at: its host is answered, its origin may use cookies. */
  TANDEM_PUBLIC_URL: publicUrl,
  /** Host names (`host[:port]`) answered besides loopback and TANDEM_PUBLIC_URL's (comma-separated). */
  TANDEM_ALLOWED_HOSTS: allowedHosts,
  /** When set, GET /metrics and /api/health/detailed need `Authorization: Bearer <it>`. */
  TANDEM_METRICS_TOKEN: z.string().regex(/^[\x21-\x7e]{16,}$/, 'at least 16 visible ASCII characters without spaces (openssl rand -hex 32)').optional(),
  /** Proxies (addresses, CIDR blocks) whose X-Forwarded-For names the client, for per-address limits. */
  TANDEM_TRUSTED_PROXIES: trustedProxies,
  TANDEM_SIGNIN_FAILURES_PER_USERNAME: int(10, 1),
  TANDEM_SIGNIN_FAILURES_PER_ADDRESS: int(30, 1),
  TANDEM_SIGNIN_WINDOW_MS: int(15 * 60_000, 1000, 24 * 60 * 60_000),
  TANDEM_REGISTRATIONS_PER_ADDRESS: int(30, 1),
  TANDEM_REGISTRATION_WINDOW_MS: int(60 * 60_000, 1000, 24 * 60 * 60_000),
  /** Set when served over HTTPS (adds `Secure` to the session cookie). */
  TANDEM_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  TANDEM_MAX_MESSAGE_BYTES: int(16 * MiB, 1024),
  TANDEM_MAX_BODY_BYTES: int(1 * MiB, 1024),
  TANDEM_MAX_FILE_BYTES: int(8 * MiB, 1024),
  /** Largest document, in bytes of encoded Yjs state (an update past it is refused: 4507, HTTP 413). */
  TANDEM_MAX_DOCUMENT_BYTES: int(32 * MiB, 1024),
  TANDEM_GROUP_COMMIT_MS: int(20, 0, 1000),
  /** Bytes of accepted updates not committed yet that the server holds; past it, senders are closed (4504). */
  TANDEM_MAX_UNSAVED_BYTES: int(64 * MiB, 64 * 1024),
  /** How often the database is probed (SELECT 1) for readiness and the outage metrics, ms. */
  TANDEM_DB_PROBE_MS: int(1000, 50, 60_000),
  TANDEM_COMPACT_EVERY: int(500, 1),
  TANDEM_COMPACT_MIN_INTERVAL_MS: int(10_000, 0, 600_000),
  TANDEM_CONTENT_FLUSH_MS: int(2000, 10, 5000),
  TANDEM_UNLOAD_AFTER_MS: int(2000, 0),
  TANDEM_WEB_DIR: z.string().optional(),
  TANDEM_MAX_WORKSPACES_PER_USER: int(100, 1),
  TANDEM_MAX_ITEMS_PER_WORKSPACE: int(10_000, 2),
  // Executor (issue 3): lifecycle, pushes, terminals, local sandbox, Kubernetes pods.
  TANDEM_IDLE_STOP_MS: int(30 * 60_000, 1000),
  TANDEM_MAX_LIFETIME_MS: int(2 * 60 * 60_000, 1000),
  TANDEM_TERMINAL_LINGER_MS: int(15 * 60_000, 0),
  TANDEM_MAX_TERMINALS_PER_WORKSPACE: int(16, 1, 1000),
  TANDEM_PUSH_QUIET_MS: int(100, 0, 60_000),
  TANDEM_PUSH_MAX_DELAY_MS: int(500, 0, 60_000),
  TANDEM_PULL_QUIET_MS: int(250, 0, 60_000),
  TANDEM_RUN_TIMEOUT_MS: int(5 * 60_000, 1000),
  TANDEM_SANDBOX: z.enum(['auto', 'bwrap', 'none']).default('auto'),
  /** The sandbox's network: 'internet' (off the host's loopback and private addresses) or 'none'. */
  TANDEM_SANDBOX_NETWORK: z.enum(['internet', 'none']).default('internet'),
  TANDEM_SANDBOX_DISK_BYTES: int(1024 * MiB, 16 * MiB),
  TANDEM_SANDBOX_MEMORY_BYTES: int(2048 * MiB, 64 * MiB),
  TANDEM_SANDBOX_PROCESSES: int(512, 16, 1_000_000),
  TANDEM_SANDBOX_CPUS: z.coerce.number().min(0.05).max(1024).default(1),
  TANDEM_K8S_NAMESPACE: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a namespace name').default('tandem-workspaces'),
  TANDEM_K8S_IMAGE: z.string().min(1).default('tandem-execution:latest'),
  TANDEM_K8S_IMAGE_PULL_POLICY: z.enum(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'),
  TANDEM_K8S_CPU: quantity('500m'),
  TANDEM_K8S_MEMORY: quantity('512Mi'),
  TANDEM_K8S_STORAGE: quantity('1Gi'),
  TANDEM_K8S_STORAGE_CLASS: z.string().min(1).optional(),
  TANDEM_K8S_READY_TIMEOUT_MS: int(120_000, 1000),
  TANDEM_K8S_KEEPALIVE_MS: int(30_000, 1000),
  TANDEM_RECLAIM_ORPHANS: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * Cross-replica fan-out over PostgreSQL LISTEN/NOTIFY. 'auto': on with an external
   * database (DATABASE_URL), off with the embedded one, which only this process can reach.
   */
  TANDEM_REPLICA_FANOUT: z.enum(['auto', 'on', 'off']).default('auto'),
  /** This replica's name among the others (the pod's name in Kubernetes); random per process by default. */
  TANDEM_REPLICA_ID: z.preprocess(emptyIsUnset, z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'letters, digits, dot, dash, underscore (at most 128)').optional()),
  /** The replica-to-replica listener (forwarded terminals, issue 14); unset: this replica forwards nothing and is reached by none. */
  TANDEM_INTERNAL_PORT: z.preprocess(emptyIsUnset, z.coerce.number().int().min(0).max(65535).optional()),
  /** The address the internal listener binds (default: HOST). */
  TANDEM_INTERNAL_HOST: z.preprocess(emptyIsUnset, z.string().min(1).optional()),
  /** The secret replicas present to each other's internal listener. */
  TANDEM_REPLICA_SECRET: z.preprocess(emptyIsUnset, z.string().regex(/^[\x21-\x7e]{16,}$/, 'at least 16 visible ASCII characters without spaces (openssl rand -hex 32)').optional()),
  /** How other replicas reach this one's internal listener, e.g. http://10.1.2.3:8081 (default: http://<internal host>:<internal port>). */
  TANDEM_REPLICA_ADDRESS: z.preprocess(emptyIsUnset, z.string().refine(isServerUrl, 'an http URL with scheme, host and port only, such as http://10.1.2.3:8081').optional()),
  /** How long an environment lease lasts unrenewed: the longest a dead owner holds a workspace. */
  TANDEM_LEASE_TTL_MS: int(10_000, 1000, 10 * 60_000),
  /** How often a replica renews all its leases (one query). */
  TANDEM_LEASE_RENEW_MS: int(3_000, 100, 5 * 60_000),
  /** On SIGTERM: how long to hand leases over, flush and close sockets before giving up. */
  TANDEM_SHUTDOWN_GRACE_MS: int(20_000, 0, 10 * 60_000),
});

export interface Config {
  port: number;
  host: string;
  logLevel: string;
  dataDir: string;
  databaseUrl: string | undefined;
  executor: 'local' | 'kubernetes';
  allowedOrigins: string[];
  /** TANDEM_PUBLIC_URL, validated (scheme, host, port). */
  publicUrl: string | undefined;
  /** TANDEM_ALLOWED_HOSTS entries, validated (`host[:port]`). */
  allowedHosts: string[];
  /** Bearer token for /metrics and /api/health/detailed; undefined = open. */
  metricsToken: string | undefined;
  /** TANDEM_TRUSTED_PROXIES entries (addresses, CIDR blocks). */
  trustedProxies: string[];
  /** Sign-in and registration limits, counted in PostgreSQL (shared by replicas). */
  attemptLimits: AttemptLimits;
  secureCookies: boolean;
  maxMessageBytes: number;
  maxBodyBytes: number;
  maxFileBytes: number;
  /** Largest document, in bytes of encoded Yjs state (server/src/sync/document-size.ts). */
  maxDocumentBytes: number;
  groupCommitMs: number;
  /** Accepted updates not yet committed, in bytes, the server holds at most (sync/unsaved-budget.ts). */
  maxUnsavedBytes: number;
  /** Interval of the database probe behind /api/health/ready (health/database-watch.ts). */
  databaseProbeMs: number;
  compactEvery: number;
  /** A document compacts by its update count at most this often (its unload compacts regardless). */
  compactMinIntervalMs: number;
  contentFlushMs: number;
  unloadAfterMs: number;
  webDir: string | undefined;
  /** Workspaces one user may own (409 `workspace_limit` beyond). */
  maxWorkspacesPerUser: number;
  /** Files and folders in one workspace (409 `item_limit` beyond). */
  maxItemsPerWorkspace: number;
  /** The executor's settings (`config.executor` names the backend). */
  execution: ExecutionConfig;
  /** Announce committed updates to other replicas and apply theirs (LISTEN/NOTIFY). */
  replicaFanout: boolean;
  /** This process among the replicas: TANDEM_REPLICA_ID, or random per process (in notifications, leases and logs). */
  replicaId: string;
  /** Environment ownership and forwarding between replicas (issue 14). */
  replicas: ReplicaSettings;
  shutdownGraceMs: number;
}

export interface AttemptLimits {
  /** Failed sign-ins per username (from any address) in one window. */
  signInFailuresPerUsername: number;
  /** Failed sign-ins per client address (any usernames) in one window. */
  signInFailuresPerAddress: number;
  signInWindowMs: number;
  /** Registration attempts per client address in one window. */
  registrationsPerAddress: number;
  registrationWindowMs: number;
}

export interface ExecutionConfig {
  /** An environment stops after this long without activity (input, output, edits, a running command). */
  idleStopMs: number;
  /** ...and after this long however busy it is. */
  maxLifetimeMs: number;
  /** A terminal survives its last client this long. */
  terminalLingerMs: number;
  maxTerminalsPerWorkspace: number;
  pushQuietMs: number;
  pushMaxDelayMs: number;
  /** Quiet time after terminal output before files are brought back. */
  pullQuietMs: number;
  /** Ceiling for `POST /api/workspaces/:id/run`. */
  runTimeoutMs: number;
  /**
   * Local backend: the sandbox, or environments refused with what to install ('auto');
   * the sandbox or no start ('bwrap'); plain processes for one trusted user on loopback ('none').
   */
  sandbox: 'auto' | 'bwrap' | 'none';
  sandboxNetwork: 'internet' | 'none';
  /** Per workspace: disk (its image), memory and CPU (its cgroup), processes (cgroup and RLIMIT_NPROC). */
  sandboxLimits: { diskBytes: number; memoryBytes: number; processes: number; cpuCores: number };
  /**
   * Stop environments an earlier process left, at start-up. 'auto': yes for the local
   * backend; no for Kubernetes, where the other replicas' pods look just the same
   * (a pod left behind is adopted when its workspace is next used).
   */
  reclaimOrphans: boolean;
  kubernetes: {
    namespace: string;
    image: string;
    imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
    cpu: string;
    memory: string;
    storage: string;
    storageClassName: string | undefined;
    readyTimeoutMs: number;
    keepaliveMs: number;
  };
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration; set these environment variables correctly:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // Plain processes run as the server's own user: only for one trusted user, on a machine no one else reaches.
  if (e.TANDEM_SANDBOX === 'none' && e.TANDEM_EXECUTOR === 'local' && !isLoopbackHost(e.HOST)) {
    throw new ConfigError(`Invalid configuration: TANDEM_SANDBOX=none runs terminals unsandboxed as the server's user, so HOST must be a loopback address (127.0.0.1, ::1 or localhost), not ${JSON.stringify(e.HOST)}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir: resolve(e.TANDEM_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    executor: e.TANDEM_EXECUTOR,
    allowedOrigins: list(e.TANDEM_ALLOWED_ORIGINS),
    publicUrl: e.TANDEM_PUBLIC_URL,
    allowedHosts: list(e.TANDEM_ALLOWED_HOSTS),
    metricsToken: e.TANDEM_METRICS_TOKEN,
    trustedProxies: list(e.TANDEM_TRUSTED_PROXIES),
    attemptLimits: {
      signInFailuresPerUsername: e.TANDEM_SIGNIN_FAILURES_PER_USERNAME,
      signInFailuresPerAddress: e.TANDEM_SIGNIN_FAILURES_PER_ADDRESS,
      signInWindowMs: e.TANDEM_SIGNIN_WINDOW_MS,
      registrationsPerAddress: e.TANDEM_REGISTRATIONS_PER_ADDRESS,
      registrationWindowMs: e.TANDEM_REGISTRATION_WINDOW_MS,
    },
    secureCookies: e.TANDEM_SECURE_COOKIES === 'true',
    maxMessageBytes: e.TANDEM_MAX_MESSAGE_BYTES,
    maxBodyBytes: e.TANDEM_MAX_BODY_BYTES,
    maxFileBytes: e.TANDEM_MAX_FILE_BYTES,
    maxDocumentBytes: e.TANDEM_MAX_DOCUMENT_BYTES,
    groupCommitMs: e.TANDEM_GROUP_COMMIT_MS,
    maxUnsavedBytes: e.TANDEM_MAX_UNSAVED_BYTES,
    databaseProbeMs: e.TANDEM_DB_PROBE_MS,
    compactEvery: e.TANDEM_COMPACT_EVERY,
    compactMinIntervalMs: e.TANDEM_COMPACT_MIN_INTERVAL_MS,
    contentFlushMs: e.TANDEM_CONTENT_FLUSH_MS,
    unloadAfterMs: e.TANDEM_UNLOAD_AFTER_MS,
    webDir: e.TANDEM_WEB_DIR,
    maxWorkspacesPerUser: e.TANDEM_MAX_WORKSPACES_PER_USER,
    maxItemsPerWorkspace: e.TANDEM_MAX_ITEMS_PER_WORKSPACE,
    execution: {
      idleStopMs: e.TANDEM_IDLE_STOP_MS,
      maxLifetimeMs: e.TANDEM_MAX_LIFETIME_MS,
      terminalLingerMs: e.TANDEM_TERMINAL_LINGER_MS,
      maxTerminalsPerWorkspace: e.TANDEM_MAX_TERMINALS_PER_WORKSPACE,
      pushQuietMs: e.TANDEM_PUSH_QUIET_MS,
      pushMaxDelayMs: e.TANDEM_PUSH_MAX_DELAY_MS,
      pullQuietMs: e.TANDEM_PULL_QUIET_MS,
      runTimeoutMs: e.TANDEM_RUN_TIMEOUT_MS,
      sandbox: e.TANDEM_SANDBOX,
      sandboxNetwork: e.TANDEM_SANDBOX_NETWORK,
      sandboxLimits: { diskBytes: e.TANDEM_SANDBOX_DISK_BYTES, memoryBytes: e.TANDEM_SANDBOX_MEMORY_BYTES, processes: e.TANDEM_SANDBOX_PROCESSES, cpuCores: e.TANDEM_SANDBOX_CPUS },
      reclaimOrphans: e.TANDEM_RECLAIM_ORPHANS === 'auto' ? e.TANDEM_EXECUTOR === 'local' : e.TANDEM_RECLAIM_ORPHANS === 'true',
      kubernetes: {
        namespace: e.TANDEM_K8S_NAMESPACE,
        image: e.TANDEM_K8S_IMAGE,
        imagePullPolicy: e.TANDEM_K8S_IMAGE_PULL_POLICY,
        cpu: e.TANDEM_K8S_CPU,
        memory: e.TANDEM_K8S_MEMORY,
        storage: e.TANDEM_K8S_STORAGE,
        storageClassName: e.TANDEM_K8S_STORAGE_CLASS,
        readyTimeoutMs: e.TANDEM_K8S_READY_TIMEOUT_MS,
        keepaliveMs: e.TANDEM_K8S_KEEPALIVE_MS,
      },
    },
    replicaFanout: e.TANDEM_REPLICA_FANOUT === 'auto' ? e.DATABASE_URL !== undefined : e.TANDEM_REPLICA_FANOUT === 'on',
    replicaId: e.TANDEM_REPLICA_ID ?? randomBytes(6).toString('hex'),
    replicas: replicaSettings(e),
    shutdownGraceMs: e.TANDEM_SHUTDOWN_GRACE_MS,
  };
}

export interface ReplicaSettings {
  /** null: no internal listener; this replica neither forwards nor is forwarded to. */
  internal: { host: string; port: number; secret: string } | null;
  /** Where other replicas reach this one (in its leases); '' without an internal listener. */
  address: string;
  leaseTtlMs: number;
  leaseRenewMs: number;
}

function replicaSettings(e: z.infer<typeof schema>): ReplicaSettings {
  if (e.TANDEM_LEASE_RENEW_MS * 2 > e.TANDEM_LEASE_TTL_MS) {
    throw new ConfigError(`Invalid configuration: TANDEM_LEASE_RENEW_MS (${e.TANDEM_LEASE_RENEW_MS}) must be at most half of TANDEM_LEASE_TTL_MS (${e.TANDEM_LEASE_TTL_MS}), so one failed renewal does not lose every lease`);
  }
  const timing = { leaseTtlMs: e.TANDEM_LEASE_TTL_MS, leaseRenewMs: e.TANDEM_LEASE_RENEW_MS };
  if (e.TANDEM_INTERNAL_PORT === undefined) return { internal: null, address: '', ...timing };
  if (!e.TANDEM_REPLICA_SECRET) throw new ConfigError('Invalid configuration: TANDEM_INTERNAL_PORT needs TANDEM_REPLICA_SECRET (openssl rand -hex 32), the same on every replica');
  const host = e.TANDEM_INTERNAL_HOST ?? e.HOST;
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const address = e.TANDEM_REPLICA_ADDRESS ?? `http://${shown}:${e.TANDEM_INTERNAL_PORT}`;
  return { internal: { host, port: e.TANDEM_INTERNAL_PORT, secret: e.TANDEM_REPLICA_SECRET }, address, ...timing };
}
