/**
 * Process metrics for /metrics: memory, CPU seconds, uptime, and event-loop lag.
 *
 * Event-loop lag comes from `monitorEventLoopDelay` (a libuv timer sampling how late
 * the loop runs): one histogram per process, shared by every server in it. Each
 * scrape reports the quantiles since the previous scrape and then resets, so a
 * spike shows in the next scrape instead of being averaged away over the uptime.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Metrics } from '../metrics';

let histogram: IntervalHistogram | undefined;
const startedAt = Date.now();

function loopDelay(): IntervalHistogram {
  if (!histogram) {
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
  }
  return histogram;
}

export function registerProcessMetrics(metrics: Metrics): void {
  const lag = loopDelay();
  metrics.collect('process_resident_memory_bytes', 'Resident set size in bytes', () => process.memoryUsage.rss());
  metrics.collect('nodejs_heap_used_bytes', 'V8 heap in use, bytes', () => process.memoryUsage().heapUsed);
  metrics.collect('nodejs_heap_total_bytes', 'V8 heap allocated, bytes', () => process.memoryUsage().heapTotal);
  metrics.collect('nodejs_external_memory_bytes', 'Memory of C++ objects bound to JS (Buffers), bytes', () => process.memoryUsage().external);
  metrics.collect('process_cpu_seconds_total', 'User and system CPU time spent, seconds (monotonic)', () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  });
  metrics.collect('process_start_time_seconds', 'Start time of the process since the Unix epoch, seconds', () => Math.floor(startedAt / 1000));
  metrics.collect('process_uptime_seconds', 'Seconds since the process started', () => process.uptime());
  metrics.collect('nodejs_eventloop_lag_seconds', 'Event-loop delay since the previous scrape, by quantile', () => {
    const samples = [0.5, 0.9, 0.99, 1].map((q) => ({
      labels: { quantile: String(q) },
      value: lag.count ? (q === 1 ? lag.max : lag.percentile(q * 100)) / 1e9 : 0,
    }));
    lag.reset();
    return samples;
  });
}

export function memorySnapshot() {
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, heapTotalBytes: m.heapTotal, externalBytes: m.external };
}
