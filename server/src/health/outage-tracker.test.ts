import { describe, expect, it } from 'vitest';
import { OutageTracker } from './outage-tracker';

describe('OutageTracker', () => {
  it('starts available, with no outage', () => {
    expect(new OutageTracker().snapshot(1_000)).toEqual({ available: true, outages: 0, currentMs: 0, totalMs: 0, since: null, reason: null });
  });

  it('counts an outage once however many failures it sees, and measures it when it ends', () => {
    const t = new OutageTracker();
    expect(t.down(1_000, 'connection refused')).toBe(true);
    expect(t.down(1_200, 'connection refused again')).toBe(false);
    expect(t.available).toBe(false);
    expect(t.snapshot(1_500)).toEqual({ available: false, outages: 1, currentMs: 500, totalMs: 500, since: 1_000, reason: 'connection refused' });
    expect(t.up(1_750)).toBe(750);
    expect(t.up(1_800)).toBeNull();
    expect(t.snapshot(2_000)).toMatchObject({ available: true, outages: 1, currentMs: 0, totalMs: 750 });
  });

  it('adds up the lengths of several outages, the current one included', () => {
    const t = new OutageTracker();
    t.down(0, 'a');
    t.up(100);
    t.down(1_000, 'b');
    expect(t.snapshot(1_050)).toMatchObject({ outages: 2, currentMs: 50, totalMs: 150 });
  });
});
