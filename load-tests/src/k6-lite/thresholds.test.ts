import { describe, expect, it } from 'vitest';
import { InvalidThresholdError } from './errors';
import { MetricStore, percentile, type WireSample } from './metric-store';
import { evaluateThreshold, parseSelector, parseThreshold, parseThresholds } from './thresholds';

function store(samples: WireSample[]): MetricStore {
  const s = new MetricStore();
  s.addAll(samples);
  return s;
}

const trend = (name: string, value: number, tags: Record<string, string> | null = null): WireSample => [name, 'trend', true, value, tags];

describe('percentile', () => {
  it('interpolates between ranks as k6 TrendSink.P does', () => {
    const sorted = [10, 20, 30, 40];
    expect(percentile(sorted, 50)).toBe(25);
    expect(percentile(sorted, 95)).toBeCloseTo(38.5);
    expect(percentile(sorted, 100)).toBe(40);
    expect(percentile(sorted, 0)).toBe(10);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 99)).toBe(0);
  });
});

describe('parseThreshold', () => {
  it('reads aggregation, operator and bound', () => {
    expect(parseThreshold('m', 'p(95)<50')).toMatchObject({ aggregation: 'p', percentile: 95, operator: '<', bound: 50 });
    expect(parseThreshold('m', 'p(99.9) <= 1.5')).toMatchObject({ percentile: 99.9, operator: '<=', bound: 1.5 });
    expect(parseThreshold('m', 'rate<0.01')).toMatchObject({ aggregation: 'rate', operator: '<', bound: 0.01 });
    expect(parseThreshold('m', 'count>0')).toMatchObject({ aggregation: 'count', operator: '>', bound: 0 });
  });

  it('reads tag selectors, quoted values included', () => {
    expect(parseSelector('http_req_duration{endpoint:login}')).toEqual({ metric: 'http_req_duration', tags: { endpoint: 'login' } });
    expect(parseSelector('checks{check:"upgraded (101)", group: ::setup}')).toEqual({ metric: 'checks', tags: { check: 'upgraded (101)', group: '::setup' } });
    expect(parseSelector('iterations')).toEqual({ metric: 'iterations', tags: {} });
  });

  it('refuses malformed thresholds before the test runs, as k6 does', () => {
    for (const bad of ['p95<50', 'avg', 'p(95)<', 'median<3', 'p(101)<1']) expect(() => parseThreshold('m', bad), bad).toThrow(InvalidThresholdError);
    expect(() => parseSelector('m{endpoint}')).toThrow(InvalidThresholdError);
  });

  it('accepts the object form {threshold, abortOnFail}', () => {
    expect(parseThresholds({ m: ['avg<1', { threshold: 'max<2', abortOnFail: true }] }).map((t) => t.expression)).toEqual(['avg<1', 'max<2']);
  });
});

describe('evaluateThreshold', () => {
  const samples = store([
    trend('http_req_duration', 10, { endpoint: 'login' }),
    trend('http_req_duration', 30, { endpoint: 'login' }),
    trend('http_req_duration', 500, { endpoint: 'read_file' }),
    ['http_req_failed', 'rate', false, 0, null],
    ['http_req_failed', 'rate', false, 1, null],
    ['http_req_failed', 'rate', false, 0, null],
    ['http_req_failed', 'rate', false, 0, null],
    ['sync_updates_delivered', 'counter', false, 3, null],
    ['sync_updates_delivered', 'counter', false, 2, null],
    ['vus', 'gauge', false, 4, null],
  ]);
  const evaluate = (selector: string, expression: string) => evaluateThreshold(parseThreshold(selector, expression), samples, 2);

  it('filters a sub-metric by tag: only matching samples count', () => {
    expect(evaluate('http_req_duration{endpoint:login}', 'max<100')).toMatchObject({ value: 30, ok: true, samples: 2 });
    expect(evaluate('http_req_duration', 'max<100')).toMatchObject({ value: 500, ok: false, samples: 3 });
    expect(evaluate('http_req_duration{endpoint:login}', 'med<=20')).toMatchObject({ value: 20, ok: true });
    expect(evaluate('http_req_duration{endpoint:login}', 'avg<20')).toMatchObject({ value: 20, ok: false });
  });

  it('aggregates rates, counters and gauges as k6', () => {
    expect(evaluate('http_req_failed', 'rate<0.01')).toMatchObject({ value: 0.25, ok: false });
    expect(evaluate('sync_updates_delivered', 'count>0')).toMatchObject({ value: 5, ok: true });
    expect(evaluate('sync_updates_delivered', 'rate>=2.5')).toMatchObject({ value: 2.5, ok: true }); // per second over 2 s
    expect(evaluate('vus', 'value==4')).toMatchObject({ ok: true });
  });

  it('a metric without samples aggregates to 0, so count>0 fails and p(95)<50 passes vacuously', () => {
    expect(evaluate('never_added', 'count>0')).toMatchObject({ value: 0, ok: false, samples: 0 });
    expect(evaluate('http_req_duration{endpoint:nope}', 'p(95)<50')).toMatchObject({ value: 0, ok: true, samples: 0 });
  });

  it('refuses an aggregation that does not fit the metric type', () => {
    expect(() => evaluate('http_req_failed', 'p(95)<1')).toThrow(InvalidThresholdError);
    expect(() => evaluate('http_req_duration', 'rate<1')).toThrow(InvalidThresholdError);
  });

  it('records a type conflict instead of mixing samples', () => {
    const s = store([trend('x', 1), ['x', 'counter', false, 1, null]]);
    expect(s.select('x')).toEqual([1]);
    expect(s.conflicts).toHaveLength(1);
  });
});
