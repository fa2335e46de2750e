// Flags and environment for bench and compare, read once. Pure.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  quick: boolean;
  /** Seconds per load point. */
  durationS: number;
  /** Only these load points (by name), or all. */
  points: string[] | null;
  /** Only these servers, or all. */
  servers: string[] | null;
}

export const HELP = `options (flags, or the environment variable in brackets):
  --quick              small loads and 3 s points, to check the setup   [BENCH_QUICK=1]
  --duration=SECONDS   length of each load point's send window            [BENCH_DURATION]
  --points=a,b         only these load points (names as printed)          [BENCH_POINTS]
  --servers=a,b        only these servers (ours, y-websocket, hocuspocus, relay, relay-uws) [BENCH_SERVERS]`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv, defaultDurationS: number): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      duration: { type: 'string' },
      points: { type: 'string' },
      servers: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : null);
  const quick = values.quick ?? env.BENCH_QUICK === '1';
  const durationRaw = values.duration ?? env.BENCH_DURATION;
  const durationS = durationRaw === undefined ? (quick ? 3 : defaultDurationS) : Number(durationRaw);
  if (!Number.isFinite(durationS) || durationS <= 0) throw new Error(`--duration must be a positive number of seconds, got ${durationRaw}`);
  return { quick, durationS, points: list(values.points ?? env.BENCH_POINTS), servers: list(values.servers ?? env.BENCH_SERVERS) };
}
