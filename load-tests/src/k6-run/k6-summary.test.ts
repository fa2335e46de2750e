import { describe, expect, it } from 'vitest';
import { checkTotals, isLatencyThreshold, parseK6Summary, thresholdResults } from './k6-summary';

// The shape k6 v1.3.0 writes with --summary-export (trimmed from a real run).
const EXPORT = JSON.stringify({
  root_group: { checks: { 'one is one': { passes: 3, fails: 0 } }, groups: {} },
  metrics: {
    my_count: { count: 3, rate: 6940.2, thresholds: { 'count<2': true } },
    my_trend: { avg: 5, 'p(95)': 5, 'p(99)': 5, thresholds: { 'p(95)<1000': false } },
    checks: { passes: 3, fails: 0, value: 1 },
  },
});

describe('parseK6Summary', () => {
  it('reads flat values and turns "crossed" thresholds into ok: false', () => {
    const s = parseK6Summary(EXPORT);
    expect(s.metrics['my_trend']?.values['p(99)']).toBe(5);
    expect(s.metrics['checks']?.values['value']).toBe(1);
    expect(thresholdResults(s)).toEqual([
      { metric: 'my_count', expression: 'count<2', ok: false },
      { metric: 'my_trend', expression: 'p(95)<1000', ok: true },
    ]);
    expect(checkTotals(s)).toEqual({ passes: 3, fails: 0 });
  });

  it('reads values nested under `values` too', () => {
    const s = parseK6Summary(JSON.stringify({ metrics: { m: { type: 'trend', values: { avg: 2 }, thresholds: { 'avg<1': true } } } }));
    expect(s.metrics['m']).toEqual({ type: 'trend', values: { avg: 2 }, thresholds: { 'avg<1': true } });
  });
});

describe('isLatencyThreshold', () => {
  it('tells trend statistics from rates and counts', () => {
    expect(['p(95)<100', 'p(99.9)<5', 'avg<50', 'med<1', 'max<9'].every(isLatencyThreshold)).toBe(true);
    expect(['rate<0.01', 'count<1', 'rate>0.99', 'value>0'].some(isLatencyThreshold)).toBe(false);
  });
});
