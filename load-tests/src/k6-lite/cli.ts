/**
 * k6-lite: run a k6 script's protocol logic, metrics and thresholds against a server
 * without k6.  Usage: k6-lite <script.js> [-e K=V ...] [--vus N] [--duration 10s]
 * Exit codes as k6: 0 all thresholds pass, 99 a threshold failed; 1 on any script error.
 */
import { K6LiteError } from './errors';
import { parseArgs } from './cli-args';
import { runK6Script } from './runner';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // As `k6 run`: the system environment is visible in __ENV, and -e overrides it.
  const systemEnv = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const result = await runK6Script(args.script, { env: { ...systemEnv, ...args.env }, vus: args.vus, duration: args.duration });
  process.stdout.write(`\n${result.summary}\n`);
  return result.exitCode;
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(error instanceof K6LiteError ? `k6-lite: ${error.message}` : error);
    process.exitCode = 1;
  },
);
