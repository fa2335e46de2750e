/**
 * k6 thresholds: `'metric' | 'metric{tag:value,...}'` mapped to expressions such as
 * `p(95)<50`, `rate<0.01`, `count>0`, `avg<200`. Parsed up front (k6 refuses a bad
 * threshold before running) and evaluated over all samples at the end, with k6's
 * semantics: a metric without samples aggregates to 0.
 */
import { InvalidThresholdError } from './errors';
import { aggregate, percentile, type MetricStore, type MetricType } from './metric-store';

type Operator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface Threshold {
  /** As written in options.thresholds, e.g. `http_req_duration{endpoint:login}`. */
  selector: string;
  metric: string;
  tags: Record<string, string>;
  expression: string;
  aggregation: string;
  percentile: number | null;
  operator: Operator;
  bound: number;
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  value: number;
  ok: boolean;
  /** How many samples the value was computed from (0: vacuous, as in k6). */
  samples: number;
}

const EXPRESSION = /^\s*(avg|min|max|med|count|rate|value|p\(\s*(\d+(?:\.\d+)?)\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/;

const ALLOWED: Record<MetricType, string[]> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p'],
};

/** `name{a:b, c:"d"}` into the metric name and the tags to match. */
export function parseSelector(selector: string): { metric: string; tags: Record<string, string> } {
  const m = /^([^{}\s]+)\s*(?:\{(.*)\})?\s*$/.exec(selector);
  if (!m) throw new InvalidThresholdError(`invalid threshold metric "${selector}"`);
  const tags: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter((p) => p.trim() !== '')) {
    const colon = pair.indexOf(':');
    if (colon < 1) throw new InvalidThresholdError(`invalid tag "${pair}" in "${selector}" (expected tag:value)`);
    tags[pair.slice(0, colon).trim()] = pair.slice(colon + 1).trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return { metric: m[1] as string, tags };
}

export function parseThreshold(selector: string, expression: string): Threshold {
  const m = EXPRESSION.exec(expression);
  if (!m) throw new InvalidThresholdError(`invalid threshold "${expression}" on ${selector}`);
  const aggregation = m[2] !== undefined ? 'p' : (m[1] as string);
  const pct = m[2] !== undefined ? Number(m[2]) : null;
  if (pct !== null && pct > 100) throw new InvalidThresholdError(`percentile over 100 in "${expression}"`);
  return { selector, ...parseSelector(selector), expression, aggregation, percentile: pct, operator: m[3] as Operator, bound: Number(m[4]) };
}

/** options.thresholds as a flat list; entries may be strings or `{threshold}` objects. */
export function parseThresholds(spec: Record<string, Array<string | { threshold: string; abortOnFail?: boolean }>> = {}): Threshold[] {
  return Object.entries(spec).flatMap(([selector, list]) =>
    (Array.isArray(list) ? list : [list]).map((t) => parseThreshold(selector, typeof t === 'string' ? t : t.threshold)),
  );
}

function compare(a: number, op: Operator, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '!=': return a !== b;
    default: return a === b;
  }
}

/** The threshold's aggregate over the matching samples, and whether it holds. */
export function evaluateThreshold(t: Threshold, store: MetricStore, testSeconds: number): ThresholdResult {
  const metric = store.metrics.get(t.metric);
  const result = (value: number, samples: number): ThresholdResult => ({
    metric: t.selector, expression: t.expression, value, ok: compare(value, t.operator, t.bound), samples,
  });
  if (!metric) return result(0, 0);
  if (!ALLOWED[metric.type].includes(t.aggregation)) {
    throw new InvalidThresholdError(`"${t.expression}" does not apply to ${t.metric}, a ${metric.type} (use ${ALLOWED[metric.type].join(', ')})`);
  }
  const values = store.select(t.metric, t.tags);
  const agg = aggregate(metric.type, values);
  switch (t.aggregation) {
    case 'count': return result(agg.value, agg.count);
    case 'rate': return result(metric.type === 'counter' ? agg.value / Math.max(testSeconds, 1e-9) : agg.value, agg.count);
    case 'min': return result(agg.sorted[0] ?? 0, agg.count);
    case 'max': return result(agg.sorted[agg.sorted.length - 1] ?? 0, agg.count);
    case 'med': return result(percentile(agg.sorted, 50), agg.count);
    case 'p': return result(percentile(agg.sorted, t.percentile ?? 0), agg.count);
    default: return result(agg.value, agg.count); // avg, value
  }
}
