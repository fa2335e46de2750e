import { describe, expect, it } from 'vitest';
import { percentile, Samples, summarize } from './stats';

describe('percentile (nearest rank)', () => {
  it('picks the smallest value with p% of samples at or below it', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
  });

  it('a single slow outlier among 1000 shows at p99.9 but not at p99', () => {
    const values = [...Array.from({ length: 999 }, () => 2), 500];
    const s = summarize(values);
    expect(s.p99).toBe(2);
    expect(s.max).toBe(500);
    expect(percentile(Float64Array.from(values).sort(), 99.95)).toBe(500);
  });

  it('is NaN, not zero, with no samples, so an empty run never looks fast', () => {
    expect(summarize([]).p99).toBeNaN();
  });
});

describe('Samples', () => {
  it('keeps every sample past its initial capacity and summarizes them unsorted', () => {
    const s = new Samples();
    for (let i = 5000; i >= 1; i--) s.add(i);
    const sum = s.summary();
    expect(sum.count).toBe(5000);
    expect(sum.p50).toBe(2500);
    expect(sum.max).toBe(5000);
    expect(sum.mean).toBeCloseTo(2500.5);
  });
});
