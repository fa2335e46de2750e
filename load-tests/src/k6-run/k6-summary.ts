/**
 * Reads the end-of-test summary k6 writes with `--summary-export` (pure): each metric's
 * values and whether each of its thresholds held. In that file a threshold maps to
 * `true` when it FAILED (k6's "thresholds crossed"), which is easy to read backwards;
 * `thresholdResults` turns it into `{metric, expression, ok}`.
 */
export interface K6Metric {
  type?: string;
  /** e.g. count, rate, avg, p(95), p(99), passes, fails, value. */
  values: Record<string, number>;
  thresholds?: Record<string, boolean>;
}

export interface K6Summary {
  metrics: Record<string, K6Metric>;
  root_group?: { checks?: Record<string, { passes: number; fails: number }> };
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
}

/** Accepts both layouts k6 has written: values nested under `values`, or flat beside `thresholds`. */
export function parseK6Summary(text: string): K6Summary {
  const raw = JSON.parse(text) as { metrics?: Record<string, Record<string, unknown>>; root_group?: K6Summary['root_group'] };
  const metrics: Record<string, K6Metric> = {};
  for (const [name, m] of Object.entries(raw.metrics ?? {})) {
    const { thresholds, type, values, ...flat } = m as { thresholds?: Record<string, boolean>; type?: string; values?: Record<string, number> };
    const numbers = values ?? Object.fromEntries(Object.entries(flat).filter((e): e is [string, number] => typeof e[1] === 'number'));
    metrics[name] = { type, values: numbers, ...(thresholds ? { thresholds } : {}) };
  }
  return { metrics, root_group: raw.root_group };
}

export function thresholdResults(summary: K6Summary): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  for (const [metric, m] of Object.entries(summary.metrics)) {
    for (const [expression, crossed] of Object.entries(m.thresholds ?? {})) out.push({ metric, expression, ok: !crossed });
  }
  return out;
}

/** Passed and failed checks over every group. */
export function checkTotals(summary: K6Summary): { passes: number; fails: number } {
  const checks = Object.values(summary.root_group?.checks ?? {});
  return { passes: checks.reduce((n, c) => n + c.passes, 0), fails: checks.reduce((n, c) => n + c.fails, 0) };
}

/** A threshold on a trend's statistic (`p(95)<100`, `avg<50`), as opposed to a rate or a count. */
export function isLatencyThreshold(expression: string): boolean {
  return /^\s*(p\(|avg|med|min|max)/.test(expression);
}
