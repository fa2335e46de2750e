// The runner on small fixture scripts (no server): k6's lifecycle, ids and metrics
// semantics, and how failures surface as errors and exit codes.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runK6Script } from './runner';

const fixture = (name: string) => resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures', name);
const quiet = { log: () => {} };

describe('runK6Script', () => {
  it('passes setup data as JSON to every VU and teardown, with k6 ids, groups and custom metrics', async () => {
    const result = await runK6Script(fixture('lifecycle.js'), { env: { GREETING: 'hello' }, ...quiet });
    expect(result.errors).toEqual([]);
    expect(result.thresholds.every((t) => t.ok && t.samples > 0), result.summary).toBe(true);
    expect(result.exitCode).toBe(0);
    for (const vu of ['1', '2', '3']) expect(result.store.select('iteration_ids', { vu }).length).toBeGreaterThan(0);
    expect(result.metrics.last_vu?.values.max).toBe(3);
    expect(result.metrics.iterations?.values.count).toBe(result.checks.passes);
    expect(result.summary).toMatch(/✓ setup data arrived/);
  });

  it('reports iteration exceptions as script errors (exit 1) and keeps iterating; shared iterations stop at the count', async () => {
    const result = await runK6Script(fixture('failing.js'), quiet);
    expect(result.plan.iterations).toBe(4);
    expect(result.metrics.iterations?.values.count).toBe(4);
    expect(result.errors.map((e) => e.message.split('\n')[0])).toEqual([
      'Error: iteration 1 failed on purpose', 'Error: iteration 3 failed on purpose',
    ]);
    expect(result.checks).toEqual({ passes: 0, fails: 4 });
    expect(result.thresholds).toMatchObject([{ metric: 'checks', expression: 'rate>0.9', ok: false }]);
    expect(result.exitCode).toBe(1);
  });

  it('exits 99 when only a threshold fails, with the value it saw', async () => {
    const result = await runK6Script(fixture('slow.js'), quiet);
    expect(result.errors).toEqual([]);
    const [iterations, duration] = result.thresholds;
    expect(iterations).toMatchObject({ metric: 'iterations', expression: 'count>1000', ok: false });
    expect(iterations?.value).toBeGreaterThan(0);
    expect(duration).toMatchObject({ ok: true });
    expect(result.summary).toMatch(/✗ iterations count>1000/);
    expect(result.exitCode).toBe(99);
  });

  it('stops a VU whose iteration outlasts the graceful stop, and says so', async () => {
    const lines: string[] = [];
    const started = Date.now();
    const result = await runK6Script(fixture('stuck.js'), { gracefulStopMs: 300, log: (l) => lines.push(l) });
    expect(Date.now() - started).toBeLessThan(10_000); // not the 30 s the iteration would sleep
    expect(result.interrupted).toBe(1);
    expect(lines.join('\n')).toMatch(/VU 1 still in an iteration after the 0.3s graceful stop/);
  });

  it('stops at init on a k6 module it has no shim for, naming it', async () => {
    const result = await runK6Script(fixture('unsupported.js'), quiet);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ stage: 'init' });
    expect(result.errors[0]?.message).toMatch(/no shim for "k6\/data"/);
    expect(result.exitCode).toBe(1);
  });
});
