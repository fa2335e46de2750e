import { describe, expect, it } from 'vitest';
import { parseStat, treeUsage } from './proc-stats';

describe('parseStat', () => {
  it('reads fields after a command name that contains spaces and parentheses', () => {
    const fields = ['S', '42', ...Array.from({ length: 9 }, () => '0'), '250', '50', '30', '20', ...Array.from({ length: 6 }, () => '0'), '1000', '0'];
    const s = parseStat(7, `7 (node (main) x) ${fields.join(' ')}`);
    expect(s.ppid).toBe(42);
    expect(s.self).toBeCloseTo(3); // (250 + 50) ticks at 100 Hz
    expect(s.reaped).toBeCloseTo(0.5);
    expect(s.rssBytes).toBe(1000 * 4096);
  });
});

describe('treeUsage', () => {
  it('measures this very process', () => {
    const u = treeUsage(process.pid);
    expect(u.rootRss).toBeGreaterThan(1_000_000);
    expect(u.treeCpu).toBeGreaterThanOrEqual(u.rootCpu);
  });
});
