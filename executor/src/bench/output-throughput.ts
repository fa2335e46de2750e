/**
 * Output throughput: a command floods a terminal (`head -c N /dev/zero | base64`)
 * while one client reads everything and one client is stuck (its socket never
 * drains). Reports the rate and the process's RSS growth: with the stuck client
 * attached, memory must stay bounded (the ring, not a queue per client).
 */
import { performance } from 'node:perf_hooks';
import type { TerminalServerMessage } from '@tandem/protocol';
import { benchWorkspace, sleep } from './bench-workspace';
import { round } from './stats';

export interface OutputThroughput {
  outputMB: number;
  seconds: number;
  mbPerSecond: number;
  frames: number;
  rssBeforeMB: number;
  rssPeakGrowthMB: number;
  stuckClientMessages: number;
}

const MARKER = 'FLOOD-DONE';

export async function measureOutputThroughput(outputBytes = 100_000_000): Promise<OutputThroughput> {
  const bench = await benchWorkspace();
  try {
    let units = 0;
    let frames = 0;
    let tail = '';
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const reader = {
      send: (m: TerminalServerMessage) => {
        if (m.type !== 'term.output') return;
        units += m.data.length;
        frames++;
        tail = (tail + m.data.slice(-64)).slice(-64);
        if (tail.includes(MARKER)) done();
      },
      bufferedAmount: () => 0,
    };
    let stuckMessages = 0;
    const stuck = { send: () => void stuckMessages++, bufferedAmount: () => 64 * 1024 * 1024 };

    const { termId } = await bench.service.openTerminal('bench-flood', { cols: 200, rows: 50 }, reader);
    bench.service.attachTerminal('bench-flood', termId, undefined, stuck);
    await sleep(300);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const start = performance.now();
    const unitsBefore = units;
    // base64 turns 3 bytes into 4 characters: this much input makes `outputBytes` of output.
    const input = Math.floor((outputBytes * 3) / 4);
    bench.service.writeTerminal('bench-flood', termId, `head -c ${input} /dev/zero | base64; echo ${MARKER.slice(0, 4)}""${MARKER.slice(4)}\r`);
    await finished;
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const mb = (units - unitsBefore) / 1e6;
    return {
      outputMB: round(mb, 1),
      seconds: round(seconds, 2),
      mbPerSecond: round(mb / seconds, 1),
      frames,
      rssBeforeMB: round(rssBefore / 1e6, 1),
      rssPeakGrowthMB: round((rssPeak - rssBefore) / 1e6, 1),
      stuckClientMessages: stuckMessages,
    };
  } finally {
    await bench.dispose();
  }
}
