// Turns results into the plain-text tables bench and compare print. Pure.
import { label } from './generator/load-point';
import type { PointResult } from './generator/run-point';

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(1) : v.toFixed(0)) : '-');
const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '-');
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : '-');
const kb = (v: number) => (Number.isFinite(v) ? (v / 1024).toFixed(1) : '-');
const mb = (v: number) => (Number.isFinite(v) ? (v / 1024 / 1024).toFixed(0) : '-');

export const COLUMNS = [
  'server', 'load point', 'failed', 'synced p50/p99 ms', 'prop p50/p99/max ms', 'delivered/s',
  'CPU srv/tree', 'µs CPU/deliv', 'RSS MB', 'KB/conn', 'gen CPU/lag p99', 'note',
];

export function row(r: PointResult): string[] {
  const notes: string[] = [];
  if (r.failed > 0) notes.push(`${r.failed} of ${r.clients} FAILED${r.failureSample[0] ? ` (${r.failureSample[0]})` : ''}`);
  if (r.delivered < r.expectedDeliveries) notes.push(`${int(r.expectedDeliveries - r.delivered)} deliveries missing`);
  if (r.generatorLimited) notes.push('GENERATOR-LIMITED');
  return [
    r.server,
    label(r.point),
    `${r.failed}/${r.clients}`,
    `${ms(r.timeToSynced.p50)}/${ms(r.timeToSynced.p99)}`,
    r.point.rate > 0 ? `${ms(r.latency.p50)}/${ms(r.latency.p99)}/${ms(r.latency.max)}` : '-',
    r.point.rate > 0 ? int(r.deliveredPerSec) : '-',
    `${pct(r.serverCpu)}/${pct(r.treeCpu)}`,
    r.point.rate > 0 ? ms(r.cpuPerDeliveryUs) : '-',
    mb(r.rssPeak),
    kb(r.rssPerConnection),
    `${pct(r.generatorCpu)}/${ms(r.generatorLagP99Ms)}`,
    notes.join('; '),
  ];
}

/** A Markdown table, readable in a terminal and pasteable into the README. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function resultsTable(results: PointResult[]): string {
  return table(COLUMNS, results.map(row));
}

/** ours / peer for the figures where lower is better; below 1 means ours is ahead. */
export function ratios(ours: PointResult, peer: PointResult): string[] {
  const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '-');
  return [
    `ours/${peer.server}`,
    label(ours.point),
    `${ours.failed} vs ${peer.failed}`,
    ratio(ours.timeToSynced.p99, peer.timeToSynced.p99),
    ratio(ours.latency.p99, peer.latency.p99),
    ratio(ours.deliveredPerSec, peer.deliveredPerSec),
    ratio(ours.treeCpu, peer.treeCpu),
    ratio(ours.cpuPerDeliveryUs, peer.cpuPerDeliveryUs),
    ratio(ours.rssPeak, peer.rssPeak),
    ratio(ours.rssPerConnection, peer.rssPerConnection),
    '',
    'ours persists every update; the peer persists nothing',
  ];
}
