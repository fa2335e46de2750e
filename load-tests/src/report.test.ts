import { describe, expect, it } from 'vitest';
import { row, table } from './report';
import type { PointResult } from './generator/run-point';
import { summarize } from './generator/stats';

const result = (over: Partial<PointResult>): PointResult => ({
  server: 'ours',
  point: { name: 'p', docs: 300, clientsPerDoc: 5, rate: 2, durationS: 10 },
  clients: 1500, synced: 1500, failed: 0, failureSample: [],
  timeToSynced: summarize([5, 6, 7]), latency: summarize([1, 2, 30]),
  sent: 30000, expectedDeliveries: 120000, delivered: 120000, deliveredPerSec: 12000,
  serverCpu: 0.2, treeCpu: 0.25, cpuPerDeliveryUs: 20, rssBaseline: 1e8, rssPeak: 1.2e8, treeRssPeak: 2e8,
  rssPerConnection: 10240, generatorCpu: 0.4, generatorLagP99Ms: 3, generatorLimited: false,
  ...over,
});

describe('report rows', () => {
  it('says loudly when clients failed, deliveries went missing or the generator was the limit', () => {
    const cells = row(result({ synced: 1400, failed: 100, failureSample: ['not synced after 30000 ms'], delivered: 100000, generatorLimited: true }));
    expect(cells.at(-1)).toBe('100 of 1500 FAILED (not synced after 30000 ms); 20,000 deliveries missing; GENERATOR-LIMITED');
  });

  it('shows the load point and the figures a reader compares', () => {
    const cells = row(result({}));
    expect(cells.slice(1, 8)).toEqual(['300x5x2/s', '0/1500', '6.0/7.0', '2.0/30/30', '12,000', '20%/25%', '20']);
    expect(cells[9]).toBe('10.0');
  });

  it('aligns a markdown table', () => {
    expect(table(['a', 'bb'], [['xyz', '1']])).toBe('| a   | bb |\n|-----|----|\n| xyz | 1  |');
  });
});
