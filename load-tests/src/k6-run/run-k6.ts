/**
 * Runs one k6 script with real k6 and reads its end-of-test summary back
 * (`--summary-export`, with p(99) among the trend stats). k6 exits 99 when a threshold
 * failed; the summary says which.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasTaskset } from '../servers/spawn-server';
import { parseK6Summary, type K6Summary } from './k6-summary';

export const TREND_STATS = 'avg,min,med,max,p(90),p(95),p(99),count';

export interface K6Run {
  exitCode: number;
  /** Null when k6 stopped before writing one (a script that does not parse, say). */
  summary: K6Summary | null;
  /** k6's stdout and stderr, for a failure's message. */
  output: string;
}

export interface K6RunOptions {
  /** `-e K=V` for the script's `__ENV`. */
  env?: Record<string, string>;
  /** More `k6 run` arguments, before the script. */
  args?: string[];
  /** Pins k6 to this core (with taskset), away from a server pinned to another. */
  core?: number;
  /** Streams k6's output here as it comes (the CLI passes stdout). */
  echo?: NodeJS.WritableStream;
}

export async function runK6(k6: string, script: string, options: K6RunOptions = {}): Promise<K6Run> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-k6-'));
  const summaryPath = join(dir, 'summary.json');
  const envArgs = Object.entries(options.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const k6Args = ['run', '--no-color', '--summary-export', summaryPath, '--summary-trend-stats', TREND_STATS, ...envArgs, ...(options.args ?? []), script];
  const [command, ...args] = options.core !== undefined && hasTaskset ? ['taskset', '-c', String(options.core), k6, ...k6Args] : [k6, ...k6Args];
  try {
    const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, K6_NO_USAGE_REPORT: 'true' } });
    const chunks: string[] = [];
    const collect = (chunk: Buffer) => {
      chunks.push(chunk.toString());
      options.echo?.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    let summary: K6Summary | null = null;
    try {
      summary = parseK6Summary(readFileSync(summaryPath, 'utf8'));
    } catch {
      // no summary: k6 failed before the end of the test; the output says why
    }
    return { exitCode, summary, output: chunks.join('') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
