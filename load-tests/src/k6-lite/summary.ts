/**
 * The end-of-test numbers: per-metric aggregates as k6's summary shows them, and a
 * k6-like text rendering. Pure.
 */
import { formatDuration } from './durations';
import { aggregate, percentile, type MetricStore, type MetricType } from './metric-store';
import type { RunPlan } from './plan';
import type { ThresholdResult } from './thresholds';

export interface MetricSummary {
  type: MetricType;
  isTime: boolean;
  count: number;
  /** trend: avg min med max p(90) p(95) p(99); counter: count rate; rate: rate passes fails; gauge: value min max. */
  values: Record<string, number>;
}

export interface CheckTally {
  passes: number;
  fails: number;
}

export function summarizeMetric(type: MetricType, isTime: boolean, values: number[], testSeconds: number): MetricSummary {
  const agg = aggregate(type, values);
  const s = agg.sorted;
  const byType: Record<MetricType, () => Record<string, number>> = {
    trend: () => ({
      avg: agg.value, min: s[0] ?? 0, med: percentile(s, 50), max: s[s.length - 1] ?? 0,
      'p(90)': percentile(s, 90), 'p(95)': percentile(s, 95), 'p(99)': percentile(s, 99),
    }),
    counter: () => ({ count: agg.value, rate: agg.value / Math.max(testSeconds, 1e-9) }),
    rate: () => ({ rate: agg.value, passes: values.filter((v) => v !== 0).length, fails: values.filter((v) => v === 0).length }),
    gauge: () => ({ value: agg.value, min: s[0] ?? 0, max: s[s.length - 1] ?? 0 }),
  };
  return { type, isTime, count: agg.count, values: byType[type]() };
}

export function summarizeAll(store: MetricStore, testSeconds: number): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = {};
  for (const m of [...store.metrics.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    out[m.name] = summarizeMetric(m.type, m.isTime, m.samples.map((s) => s.value), testSeconds);
  }
  return out;
}

/** Passes and fails per check name, from the `checks` samples' `check` tag. */
export function tallyChecks(store: MetricStore): Record<string, CheckTally> {
  const out: Record<string, CheckTally> = {};
  for (const s of store.metrics.get('checks')?.samples ?? []) {
    const name = s.tags?.check ?? '';
    const t = (out[name] ??= { passes: 0, fails: 0 });
    if (s.value !== 0) t.passes++;
    else t.fails++;
  }
  return out;
}

function num(v: number, isTime: boolean): string {
  if (isTime) return v >= 1000 ? `${(v / 1000).toFixed(2)}s` : v >= 1 ? `${v.toFixed(2)}ms` : `${(v * 1000).toFixed(2)}µs`;
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 100 ? 1 : 4);
}

export function formatMetric(m: MetricSummary): string {
  const v = m.values;
  switch (m.type) {
    case 'trend': return ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'].map((k) => `${k}=${num(v[k] ?? 0, m.isTime)}`).join(' ');
    case 'counter': return `${num(v.count ?? 0, m.isTime)}  ${num(v.rate ?? 0, false)}/s`;
    case 'rate': return `${((v.rate ?? 0) * 100).toFixed(2)}% ✓ ${v.passes} ✗ ${v.fails}`;
    default: return `${num(v.value ?? 0, m.isTime)} min=${num(v.min ?? 0, m.isTime)} max=${num(v.max ?? 0, m.isTime)}`;
  }
}

function dotted(label: string, width: number): string {
  return `${label}${'.'.repeat(Math.max(2, width - label.length))}:`;
}

export interface SummaryInput {
  script: string;
  plan: RunPlan;
  metrics: Record<string, MetricSummary>;
  /** Summaries of the thresholds' tag-filtered sub-metrics, keyed by selector. */
  submetrics: Record<string, MetricSummary>;
  thresholds: ThresholdResult[];
  checks: Record<string, CheckTally>;
  errors: number;
  elapsedMs: number;
}

export function renderSummary(input: SummaryInput): string {
  const lines = [
    `  execution: k6-lite (local, one thread per VU; not k6)`,
    `     script: ${input.script}`,
    `  scenarios: ${input.plan.vus} VUs, ${input.plan.iterations === null ? `${formatDuration(input.plan.durationMs)} duration` : `${input.plan.iterations} shared iterations`}; ran ${formatDuration(input.elapsedMs)}`,
    ...input.plan.notes.map((n) => `       note: ${n}`),
    '',
  ];
  for (const [name, t] of Object.entries(input.checks)) lines.push(`     ${t.fails === 0 ? '✓' : '✗'} ${name}${t.fails ? ` (${t.passes} passed, ${t.fails} failed)` : ''}`);
  if (Object.keys(input.checks).length) lines.push('');
  const width = Math.max(30, ...Object.keys(input.submetrics).map((k) => k.length + 4), ...Object.keys(input.metrics).map((k) => k.length + 2));
  const mark = (selector: string) => {
    const mine = input.thresholds.filter((t) => t.metric === selector);
    return mine.length === 0 ? ' ' : mine.every((t) => t.ok) ? '✓' : '✗';
  };
  for (const [name, m] of Object.entries(input.metrics)) {
    lines.push(`   ${mark(name)} ${dotted(name, width)} ${formatMetric(m)}`);
    for (const [selector, sub] of Object.entries(input.submetrics)) {
      if (selector.startsWith(`${name}{`)) lines.push(`   ${mark(selector)}   ${dotted(`{ ${selector.slice(name.length + 1, -1)} }`, width - 2)} ${formatMetric(sub)}`);
    }
  }
  lines.push('', '  thresholds:');
  for (const t of input.thresholds) {
    lines.push(`   ${t.ok ? '✓' : '✗'} ${t.metric} ${t.expression}  (value ${Number(t.value.toFixed(4))}, ${t.samples} samples)`);
  }
  if (input.errors) lines.push('', `  script errors: ${input.errors} (see above)`);
  return lines.join('\n');
}
