/**
 * Keystroke echo latency: a key written to a terminal until its echo reaches a
 * subscriber. Measured twice, on the bare pseudo-terminal (the floor: kernel,
 * shell, node-pty) and through the terminal layer (`ExecutorService.writeTerminal`
 * to `subscriber.send`); the difference is what the terminal layer adds. The
 * program echoing is `cat` on a raw terminal, so every key comes back at once.
 * Keys are 20 ms apart, a fast typist's pace.
 */
import { performance } from 'node:perf_hooks';
import type { TerminalServerMessage } from '@tandem/protocol';
import { benchWorkspace, sleep } from './bench-workspace';
import { percentile, round } from './stats';

export interface EchoLatency {
  samples: number;
  rawP50Ms: number;
  rawP99Ms: number;
  layeredP50Ms: number;
  layeredP99Ms: number;
  addedP50Ms: number;
  addedP99Ms: number;
}

const SETUP = 'stty raw -echo; cat\r';

export async function measureEchoLatency(samples = 300): Promise<EchoLatency> {
  const bench = await benchWorkspace();
  try {
    await bench.service.ensureStarted('bench-echo');
    const env = (await bench.backend.start('bench-echo'))!;

    // Bare pseudo-terminal.
    const raw = await env.openTerminal({ cols: 80, rows: 24 });
    let rawWaiter: (() => void) | null = null;
    raw.onData((data) => data.includes('x') && rawWaiter?.());
    raw.write(SETUP);
    await sleep(300);
    const rawTimes = await sampleEcho(samples, (resolve) => (rawWaiter = resolve), () => raw.write('x'));
    raw.kill();

    // Through the terminal layer.
    let layeredWaiter: (() => void) | null = null;
    const subscriber = {
      send: (m: TerminalServerMessage) => m.type === 'term.output' && m.data.includes('x') && layeredWaiter?.(),
      bufferedAmount: () => 0,
    };
    const { termId } = await bench.service.openTerminal('bench-echo', { cols: 80, rows: 24 }, subscriber);
    bench.service.writeTerminal('bench-echo', termId, SETUP);
    await sleep(300);
    const layered = await sampleEcho(samples, (resolve) => (layeredWaiter = resolve), () => bench.service.writeTerminal('bench-echo', termId, 'x'));

    const figures = {
      rawP50Ms: percentile(rawTimes, 50),
      rawP99Ms: percentile(rawTimes, 99),
      layeredP50Ms: percentile(layered, 50),
      layeredP99Ms: percentile(layered, 99),
    };
    return {
      samples,
      ...mapValues(figures, (v) => round(v, 3)),
      addedP50Ms: round(figures.layeredP50Ms - figures.rawP50Ms, 3),
      addedP99Ms: round(figures.layeredP99Ms - figures.rawP99Ms, 3),
    };
  } finally {
    await bench.dispose();
  }
}

async function sampleEcho(count: number, arm: (resolve: () => void) => void, press: () => void): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const echoed = new Promise<void>((resolve) => arm(resolve));
    const start = performance.now();
    press();
    await echoed;
    times.push(performance.now() - start);
    await sleep(20);
  }
  return times;
}

function mapValues<T extends Record<string, number>>(obj: T, f: (v: number) => number): T {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, f(v)])) as T;
}
