/** The k6-lite command line, read as `k6 run` reads its flags. */
import { K6LiteError } from './errors';

export const USAGE = 'usage: npm run k6:lite -- <script.js> [-e K=V ...] [--vus N] [--duration 10s]';

export interface CliArgs {
  script: string;
  env: Record<string, string>;
  vus?: number;
  duration?: string;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const env: Record<string, string> = {};
  let script: string | undefined;
  let vus: number | undefined;
  let duration: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new K6LiteError(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '-e' || arg === '--env') {
      const pair = value();
      const eq = pair.indexOf('=');
      if (eq < 1) throw new K6LiteError(`-e expects K=V, got "${pair}"`);
      env[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg === '-u' || arg === '--vus') vus = Number(value());
    else if (arg === '-d' || arg === '--duration') duration = value();
    else if (arg.startsWith('-')) throw new K6LiteError(`unknown option ${arg}\n${USAGE}`);
    else if (script === undefined) script = arg;
    else throw new K6LiteError(`one script only\n${USAGE}`);
  }
  if (script === undefined) throw new K6LiteError(USAGE);
  return { script, env, vus, duration };
}

