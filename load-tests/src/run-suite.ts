// Runs load points against one server at a time: start it, run each point, stop it.
import type { LoadPoint } from './generator/load-point';
import { runPoint, type PointResult } from './generator/run-point';
import type { Target } from './generator/target';

export interface SuiteEntry {
  server: string;
  results: PointResult[];
  /** Why the server could not be measured at all (did not start, died). */
  error?: string;
}

export async function runSuite(server: string, start: () => Promise<Target>, points: LoadPoint[], log: (s: string) => void): Promise<SuiteEntry> {
  let target: Target;
  try {
    log(`starting ${server}`);
    target = await start();
  } catch (err) {
    log(`!! ${server} did not start: ${(err as Error).message}`);
    return { server, results: [], error: (err as Error).message.split('\n')[0] };
  }
  const results: PointResult[] = [];
  try {
    for (const point of points) {
      const r = await runPoint(target, point, { log });
      if (r.failed > 0) log(`!! ${server} ${point.name}: ${r.failed} of ${r.clients} clients failed: ${r.failureSample.join(' | ')}`);
      results.push(r);
    }
  } catch (err) {
    log(`!! ${server} stopped the run: ${(err as Error).message}`);
    return { server, results, error: (err as Error).message.split('\n')[0] };
  } finally {
    await target.stop();
  }
  return { server, results };
}
