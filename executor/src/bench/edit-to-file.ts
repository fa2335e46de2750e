/**
 * Edit to file: from `markDirty` (a document update reaching the executor) to the
 * new content on disk in the workspace, with the default push policy (100 ms
 * quiet period). Edits are isolated (300 ms apart), as when someone saves a thought;
 * under continuous typing a push goes at most 500 ms after the first key by design.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchWorkspace, sleep } from './bench-workspace';
import { percentile, round } from './stats';

export interface EditToFile {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function measureEditToFile(samples = 40): Promise<EditToFile> {
  const bench = await benchWorkspace();
  try {
    bench.source.set('bench-edit', 'main.py', 'print(0)\n');
    await bench.service.ensureStarted('bench-edit');
    const file = join(bench.dataDir, 'workspaces', 'bench-edit', 'main.py');
    const times: number[] = [];
    for (let i = 1; i <= samples; i++) {
      const content = `print(${i})\n`;
      const start = performance.now();
      bench.service.markDirty('bench-edit', { kind: 'write', path: 'main.py', content });
      while ((await readFile(file, 'utf8').catch(() => '')) !== content) await sleep(1);
      times.push(performance.now() - start);
      await sleep(300);
    }
    return { samples, p50Ms: round(percentile(times, 50), 1), p99Ms: round(percentile(times, 99), 1), maxMs: round(Math.max(...times), 1) };
  } finally {
    await bench.dispose();
  }
}
