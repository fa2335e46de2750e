/**
 * `npm run k6 -- <script> [k6 run args]`: runs a k6 script with real k6 (found as in
 * find-k6.ts). Without BASE_URL (in the environment or as `-e BASE_URL=...`) it first
 * starts our server from this checkout on a fresh data directory (embedded PostgreSQL,
 * local executor), pinned to core 0 with k6 on core 1 where `taskset` exists, and stops
 * it afterwards. Exits with k6's exit code (99: a threshold failed).
 *
 *   npm run k6 -- load-tests/k6/api.js -e VUS=20 -e DURATION=30s
 *   BASE_URL=http://127.0.0.1:8080 npm run k6 -- load-tests/k6/sync.js
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot, spawnOurs } from '../servers/ours-target';
import { findK6, K6_MISSING, k6Version } from './find-k6';
import { runK6 } from './run-k6';

async function main(): Promise<number> {
  // npm runs scripts from the repository root; a path relative to where the user stood is in INIT_CWD.
  const [scriptArg, ...rest] = process.argv.slice(2);
  if (!scriptArg || scriptArg === '--help' || scriptArg === '-h') {
    console.error('usage: npm run k6 -- <script.js> [k6 run arguments, e.g. -e VUS=20 --duration 30s]');
    return 2;
  }
  const script = [resolve(process.env.INIT_CWD ?? process.cwd(), scriptArg), resolve(repoRoot, scriptArg)].find((p) => existsSync(p));
  if (!script) {
    console.error(`no such script: ${scriptArg}`);
    return 2;
  }
  const k6 = findK6(repoRoot);
  if (!k6) {
    console.error(K6_MISSING);
    return 2;
  }
  console.error(`${k6Version(k6)} (${k6})`);

  const givenBase = process.env.BASE_URL ?? rest.find((a) => a.startsWith('BASE_URL='))?.slice('BASE_URL='.length);
  if (givenBase) {
    const run = await runK6(k6, script, { env: { BASE_URL: givenBase }, args: rest, echo: process.stdout });
    return run.exitCode;
  }
  // Each VU of api.js registers an account: let a local run make as many as it needs.
  process.env.TANDEM_REGISTRATIONS_PER_ADDRESS ??= '100000';
  console.error('no BASE_URL: starting the server from this checkout (fresh data directory)…');
  const server = await spawnOurs();
  console.error(`server at ${server.origin} (pid ${server.pid})`);
  try {
    const run = await runK6(k6, script, { env: { BASE_URL: server.origin }, args: rest, core: 1, echo: process.stdout });
    return run.exitCode;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
