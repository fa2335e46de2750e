/**
 * Every sample of a run, per metric, with its tags: k6 computes thresholds and the end
 * summary over all samples of a metric, or of the samples whose tags match a selector.
 * Pure: the runner feeds it what the VUs report.
 */
export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

/** As VUs post them: [name, type, isTime, value, tags]. */
export type WireSample = [string, MetricType, boolean, number, Record<string, string> | null];

export interface Sample {
  value: number;
  tags: Record<string, string> | null;
}

export interface Metric {
  name: string;
  type: MetricType;
  /** Trend(name, true): values are milliseconds. */
  isTime: boolean;
  samples: Sample[];
}

export class MetricStore {
  readonly metrics = new Map<string, Metric>();
  /** Metrics declared twice with different types: k6 refuses the script. */
  readonly conflicts: string[] = [];

  add([name, type, isTime, value, tags]: WireSample): void {
    let metric = this.metrics.get(name);
    if (!metric) {
      metric = { name, type, isTime, samples: [] };
      this.metrics.set(name, metric);
    } else if (metric.type !== type) {
      if (!this.conflicts.includes(name)) this.conflicts.push(`${name} is a ${metric.type}, also added as a ${type}`);
      return;
    }
    metric.samples.push({ value, tags });
  }

  addAll(samples: WireSample[]): void {
    for (const s of samples) this.add(s);
  }

  /** The samples of `name` whose tags include every `filter` tag (k6's sub-metric). */
  select(name: string, filter: Record<string, string> = {}): number[] {
    const metric = this.metrics.get(name);
    if (!metric) return [];
    const keys = Object.keys(filter);
    const out: number[] = [];
    for (const s of metric.samples) {
      if (keys.every((k) => s.tags !== null && s.tags[k] === filter[k])) out.push(s.value);
    }
    return out;
  }
}

/** k6's TrendSink.P: linear interpolation between the closest ranks; 0 without samples. */
export function percentile(sorted: readonly number[], pct: number): number {
  if (sorted.length === 0) return 0;
  if (sorted.length === 1) return sorted[0] as number;
  const i = (pct / 100) * (sorted.length - 1);
  const lo = sorted[Math.floor(i)] as number;
  const hi = sorted[Math.ceil(i)] as number;
  return lo + (hi - lo) * (i - Math.floor(i));
}

export interface Aggregate {
  count: number;
  /** counter: the sum; rate: share of non-zero samples; gauge: last value; trend: average. */
  value: number;
  sorted: number[];
}

export function aggregate(type: MetricType, values: readonly number[]): Aggregate {
  const sorted = type === 'trend' || type === 'gauge' ? [...values].sort((a, b) => a - b) : [];
  let value = 0;
  if (type === 'counter') value = values.reduce((a, b) => a + b, 0);
  else if (type === 'rate') value = values.length ? values.filter((v) => v !== 0).length / values.length : 0;
  else if (type === 'gauge') value = values.length ? (values[values.length - 1] as number) : 0;
  else value = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  return { count: values.length, value, sorted };
}
