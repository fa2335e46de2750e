/**
 * Runs a k6 script without k6: VU 0 loads the script, reads its options and runs
 * setup(); N VU threads loop default(data) for the duration (then get k6's 30 s
 * graceful stop); VU 0 runs teardown(data). The runner aggregates every sample,
 * evaluates the script's thresholds and renders a k6-like summary.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MetricStore } from './metric-store';
import { planRun, type RunPlan, type ScriptOptions } from './plan';
import { renderSummary, summarizeAll, summarizeMetric, tallyChecks, type MetricSummary } from './summary';
import { evaluateThreshold, parseThresholds, type Threshold, type ThresholdResult } from './thresholds';
import { VuHandle } from './vu-handle';

export interface RunOptions {
  /** The script's __ENV (the CLI passes the process environment plus -e K=V, as k6 does). */
  env?: Record<string, string>;
  vus?: number;
  duration?: string;
  /** How long in-flight iterations may run past the duration (k6: gracefulStop, 30 s). */
  gracefulStopMs?: number;
  /** Where script errors are reported as they happen. */
  log?: (line: string) => void;
}

export interface ScriptErrorReport {
  stage: 'init' | 'setup' | 'iteration' | 'teardown';
  vu: number;
  iteration?: number;
  message: string;
}

export interface RunResult {
  plan: RunPlan;
  thresholds: ThresholdResult[];
  metrics: Record<string, MetricSummary>;
  checks: { passes: number; fails: number };
  errors: ScriptErrorReport[];
  /** Iterations still running when the graceful stop ran out (their VU was stopped). */
  interrupted: number;
  summary: string;
  /** Every sample, for questions the summary does not answer (e.g. statuses of one endpoint). */
  store: MetricStore;
  /** k6's convention: 99 when a threshold fails; 1 here on any script error (k6 only fails on init/setup). */
  exitCode: 0 | 1 | 99;
}

const MAX_KEPT_ERRORS = 100;

export async function runK6Script(scriptPath: string, options: RunOptions = {}): Promise<RunResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const scriptUrl = pathToFileURL(resolve(scriptPath)).href;
  const env = options.env ?? {};
  const store = new MetricStore();
  const errors: ScriptErrorReport[] = [];
  let errorCount = 0;
  const report = (e: ScriptErrorReport) => {
    errorCount++;
    if (errors.length < MAX_KEPT_ERRORS) errors.push(e);
    log(`k6-lite: ${e.stage} error (VU ${e.vu}${e.iteration !== undefined ? `, iteration ${e.iteration}` : ''}): ${e.message}`);
  };
  const events = {
    onSamples: (samples: Parameters<MetricStore['addAll']>[0]) => store.addAll(samples),
    onIterationError: (e: { vu: number; iteration: number; message: string }) => report({ stage: 'iteration', ...e }),
  };
  // [0]: iterations claimed in the test (exec.scenario.iterationInTest); [1]: stop flag.
  const counters = new SharedArrayBuffer(8);
  const vus: VuHandle[] = [];
  const started = Date.now();
  let plan: RunPlan = { vus: 0, durationMs: 0, iterations: null, notes: [] };
  let interrupted = 0;
  let runStarted = started;
  let runEnded = started;
  let thresholds: Threshold[] = [];
  const vu0 = new VuHandle(0, 0, scriptUrl, env, counters, events);
  try {
    const ready = await vu0.next();
    if (ready?.type !== 'ready') {
      report({ stage: 'init', vu: 0, message: ready?.message ?? 'no answer' });
      return finish();
    }
    const scriptOptions = ready.options as ScriptOptions;
    plan = planRun(scriptOptions, { vus: options.vus, duration: options.duration });
    thresholds = parseThresholds(scriptOptions.thresholds); // as k6, refuse a bad threshold before running

    vu0.send({ type: 'setup' });
    const setup = await vu0.next();
    if (setup?.type !== 'setup-done') {
      report({ stage: 'setup', vu: 0, message: setup?.message ?? 'no answer' });
      return finish();
    }
    for (let i = 1; i <= plan.vus; i++) vus.push(new VuHandle(i, plan.vus, scriptUrl, env, counters, events));
    for (const [i, vu] of vus.entries()) {
      const m = await vu.next();
      if (m?.type !== 'ready') {
        report({ stage: 'init', vu: i + 1, message: m?.message ?? 'no answer' });
        return finish();
      }
    }
    runStarted = Date.now();
    const endAt = runStarted + plan.durationMs;
    for (const vu of vus) vu.send({ type: 'run', endAt, data: setup.data, iterations: plan.iterations });
    const graceful = options.gracefulStopMs ?? 30_000;
    await Promise.all(vus.map(async (vu, i) => {
      const m = await vu.next(Math.max(0, endAt + graceful - Date.now()));
      if (m === null) {
        interrupted++;
        log(`k6-lite: VU ${i + 1} still in an iteration after the ${graceful / 1000}s graceful stop; stopped`);
        await vu.stop();
      } else if (m.type !== 'done') report({ stage: 'iteration', vu: i + 1, message: m.message ?? m.type });
    }));
    runEnded = Date.now();

    if (ready.hasTeardown) {
      vu0.send({ type: 'teardown', data: setup.data });
      const m = await vu0.next();
      if (m?.type !== 'teardown-done') report({ stage: 'teardown', vu: 0, message: m?.message ?? 'no answer' });
    }
    return finish();
  } finally {
    await Promise.all([vu0, ...vus].map((vu) => vu.stop()));
  }

  function finish(): RunResult {
    const testSeconds = Math.max(runEnded - runStarted, 1) / 1000;
    const metrics = summarizeAll(store, testSeconds);
    const submetrics: Record<string, MetricSummary> = {};
    for (const t of thresholds) {
      const metric = store.metrics.get(t.metric);
      if (metric && Object.keys(t.tags).length > 0) {
        submetrics[t.selector] = summarizeMetric(metric.type, metric.isTime, store.select(t.metric, t.tags), testSeconds);
      }
    }
    const results = thresholds.map((t) => evaluateThreshold(t, store, testSeconds));
    for (const conflict of store.conflicts) report({ stage: 'iteration', vu: 0, message: `metric type conflict: ${conflict}` });
    const byName = tallyChecks(store);
    const checks = Object.values(byName).reduce((sum, t) => ({ passes: sum.passes + t.passes, fails: sum.fails + t.fails }), { passes: 0, fails: 0 });
    const ran = vus.length > 0;
    const summary = !ran ? `  k6-lite: the test did not start (${errors[0]?.stage ?? 'init'} failed); see the error above` : renderSummary({
      script: scriptPath, plan, metrics, submetrics, thresholds: results, checks: byName, errors: errorCount,
      elapsedMs: runEnded - runStarted,
    });
    const exitCode = errorCount > 0 ? 1 : results.every((t) => t.ok) ? 0 : 99;
    return { plan, thresholds: results, metrics, checks, errors, interrupted, summary, store, exitCode };
  }
}
