// The executor's own benchmarks, when its package exports them (another part of the
// repository; absent until written, so this is optional by design).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function runExecutorBenchmarks(repoRoot: string, log: (s: string) => void): Promise<void> {
  const entry = ['index.ts', 'bench.ts'].map((f) => join(repoRoot, 'executor/src/bench', f)).find(existsSync);
  if (!entry) {
    log('executor benchmarks: executor/src/bench/ not found, skipped');
    return;
  }
  const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(mod)) {
    if (typeof fn !== 'function' || !/^bench/i.test(name)) continue;
    try {
      const result = await (fn as () => Promise<unknown>)();
      console.log(`\nexecutor ${name}:`, typeof result === 'string' ? result : JSON.stringify(result, null, 2));
    } catch (err) {
      console.log(`\n!! executor ${name} failed: ${(err as Error).message}`);
    }
  }
}
