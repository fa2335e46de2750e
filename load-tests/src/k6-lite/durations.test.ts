import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './durations';
import { InvalidOptionError } from './errors';
import { planRun } from './plan';

describe('parseDuration', () => {
  it('reads k6 durations, compound ones included', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('4s')).toBe(4000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
  });

  it('reads a bare number as seconds, as `k6 run --duration 10` does', () => {
    expect(parseDuration('10')).toBe(10_000);
    expect(parseDuration(3)).toBe(3000);
  });

  it('refuses what k6 refuses', () => {
    for (const bad of ['', 'ten seconds', '4x', '1m 30s', '-1s']) expect(() => parseDuration(bad), bad).toThrow(InvalidOptionError);
  });

  it('formats summary durations', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(4000)).toBe('4s');
    expect(formatDuration(90_000)).toBe('1m30s');
  });
});

describe('planRun', () => {
  it('takes vus and duration from the options, CLI flags over them', () => {
    expect(planRun({ vus: 4, duration: '4s' })).toMatchObject({ vus: 4, durationMs: 4000, iterations: null });
    expect(planRun({ vus: 4, duration: '4s' }, { vus: 1, duration: '2s' })).toMatchObject({ vus: 1, durationMs: 2000 });
  });

  it('runs stages as their highest target for their summed duration, and says so', () => {
    const plan = planRun({ stages: [{ duration: '10s', target: 5 }, { duration: '1m', target: 20 }, { duration: '5s', target: 0 }] });
    expect(plan).toMatchObject({ vus: 20, durationMs: 75_000 });
    expect(plan.notes.join()).toMatch(/does not ramp/);
  });

  it('without a duration runs shared iterations, one by default, as k6', () => {
    expect(planRun({})).toMatchObject({ vus: 1, iterations: 1 });
    expect(planRun({ vus: 2, iterations: 10 })).toMatchObject({ vus: 2, iterations: 10 });
  });

  it('refuses a VU count that is not a positive integer', () => {
    expect(() => planRun({ vus: 0, duration: '1s' })).toThrow(InvalidOptionError);
    expect(() => planRun({ duration: '1s' }, { vus: Number.NaN })).toThrow(InvalidOptionError);
  });
});
