/**
 * Configuration: defaults plus the environment, validated once at start-up.
 * A bad value fails start-up with a message naming the variable to fix.
 * Subsystems add their settings here (with a default), never read process.env themselves.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const MiB = 1024 * 1024;
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

const schema = z.object({
  PORT: int(8080, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TANDEM_DATA_DIR: z.string().min(1).default('.tandem'),
  DATABASE_URL: z.string().url().optional(),
  TANDEM_EXECUTOR: z.enum(['local', 'kubernetes']).default('local'),
  /** Origins allowed for cookie-authenticated state changes besides the server's own (comma-separated). */
  TANDEM_ALLOWED_ORIGINS: z.string().default(''),
  /** Set when served over HTTPS (adds `Secure` to the session cookie). */
  TANDEM_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  TANDEM_MAX_MESSAGE_BYTES: int(16 * MiB, 1024),
  TANDEM_MAX_BODY_BYTES: int(1 * MiB, 1024),
  TANDEM_MAX_FILE_BYTES: int(8 * MiB, 1024),
  TANDEM_GROUP_COMMIT_MS: int(5, 0, 1000),
  TANDEM_COMPACT_EVERY: int(500, 1),
  TANDEM_CONTENT_FLUSH_MS: int(250, 10, 1000),
  TANDEM_UNLOAD_AFTER_MS: int(2000, 0),
  TANDEM_WEB_DIR: z.string().optional(),
  TANDEM_MAX_WORKSPACES_PER_USER: int(100, 1),
  TANDEM_MAX_ITEMS_PER_WORKSPACE: int(10_000, 2),
});

export interface Config {
  port: number;
  host: string;
  logLevel: string;
  dataDir: string;
  databaseUrl: string | undefined;
  executor: 'local' | 'kubernetes';
  allowedOrigins: string[];
  secureCookies: boolean;
  maxMessageBytes: number;
  maxBodyBytes: number;
  maxFileBytes: number;
  groupCommitMs: number;
  compactEvery: number;
  contentFlushMs: number;
  unloadAfterMs: number;
  webDir: string | undefined;
  /** Workspaces one user may own (409 `workspace_limit` beyond). */
  maxWorkspacesPerUser: number;
  /** Files and folders in one workspace (409 `item_limit` beyond). */
  maxItemsPerWorkspace: number;
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
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir: resolve(e.TANDEM_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    executor: e.TANDEM_EXECUTOR,
    allowedOrigins: e.TANDEM_ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    secureCookies: e.TANDEM_SECURE_COOKIES === 'true',
    maxMessageBytes: e.TANDEM_MAX_MESSAGE_BYTES,
    maxBodyBytes: e.TANDEM_MAX_BODY_BYTES,
    maxFileBytes: e.TANDEM_MAX_FILE_BYTES,
    groupCommitMs: e.TANDEM_GROUP_COMMIT_MS,
    compactEvery: e.TANDEM_COMPACT_EVERY,
    contentFlushMs: e.TANDEM_CONTENT_FLUSH_MS,
    unloadAfterMs: e.TANDEM_UNLOAD_AFTER_MS,
    webDir: e.TANDEM_WEB_DIR,
    maxWorkspacesPerUser: e.TANDEM_MAX_WORKSPACES_PER_USER,
    maxItemsPerWorkspace: e.TANDEM_MAX_ITEMS_PER_WORKSPACE,
  };
}
