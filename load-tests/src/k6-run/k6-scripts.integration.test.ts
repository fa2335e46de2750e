// The k6 scripts, unmodified, run briefly with real k6 against a real Tandem server
// (fresh database, local executor): every threshold on correctness (failed requests,
// matching contents, errors, lost terminal output) must hold on real samples, with no
// failed check. Latency thresholds are reported, not asserted: a busy test machine
// makes them flake, and speed is what `npm run k6` and the benches measure. Skipped,
// saying so, where no k6 is found (find-k6.ts).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../server/src/testing/test-server';
import { findK6, K6_MISSING, k6Version } from './find-k6';
import { checkTotals, isLatencyThreshold, thresholdResults, type K6Summary } from './k6-summary';
import { runK6 } from './run-k6';

const here = dirname(fileURLToPath(import.meta.url));
const K6_DIR = resolve(here, '../../k6');
const k6 = findK6(here);
if (!k6) console.warn(`k6 scripts integration test SKIPPED: ${K6_MISSING}`);

let server: TestServer;
beforeAll(async () => {
  if (k6) server = await startTestServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

async function run(script: string, env: Record<string, string>): Promise<K6Summary> {
  const result = await runK6(k6!, resolve(K6_DIR, script), { env: { BASE_URL: server.url, ...env } });
  // K6_SUMMARY=1 prints every run's k6 output; a failure prints it anyway.
  const failedChecks = result.summary ? checkTotals(result.summary).fails : 0;
  if (result.exitCode !== 0 || failedChecks > 0 || process.env.K6_SUMMARY) console.log(result.output);
  expect(result.summary, 'k6 wrote its summary').not.toBeNull();
  const summary = result.summary!;
  const results = thresholdResults(summary);
  for (const t of results.filter((r) => !isLatencyThreshold(r.expression))) {
    expect(t, `${t.metric} ${t.expression}`).toMatchObject({ ok: true });
    // A threshold over no samples passes vacuously in k6; here it must have measured something.
    expect(Object.keys(summary.metrics[t.metric]?.values ?? {}).length, `${t.metric} has samples`).toBeGreaterThan(0);
  }
  const checks = checkTotals(summary);
  expect(checks.fails).toBe(0);
  expect(checks.passes).toBeGreaterThan(0);
  // 99: thresholds failed, here only latency ones (the rest were asserted above).
  expect(result.exitCode === 0 || (result.exitCode === 99 && results.some((r) => !r.ok))).toBe(true);
  for (const t of results.filter((r) => !r.ok)) console.warn(`k6 ${script}: latency threshold missed on this run: ${t.metric} ${t.expression}`);
  return summary;
}

describe.skipIf(!k6)(`k6 scripts with real k6 (${k6 ? k6Version(k6) : 'none'}) against a real server`, () => {
  it('sync.js: every VU syncs its document and receives the others\' updates', async () => {
    const s = await run('sync.js', { DOCS: '2', CLIENTS_PER_DOC: '2', RATE: '4', DURATION: '4s' });
    expect(s.metrics['sync_time_to_synced']?.values['count']).toBe(4);
    expect(s.metrics['sync_updates_sent']?.values['count']).toBeGreaterThan(20);
    // Each update reaches the one other VU on its document.
    expect(s.metrics['sync_updates_delivered']?.values['count']).toBeGreaterThan(0);
  }, 60_000);

  it('api.js: sign-in, listing, writing and reading files by path (what was written is read back)', async () => {
    const s = await run('api.js', { VUS: '2', DURATION: '4s' });
    expect(Object.keys(s.metrics)).toContain('http_req_duration{endpoint:write_file}');
    expect(s.metrics['content_matches']?.values['value']).toBe(1); // a Rate's share of true samples is its `value`
  }, 60_000);

  it('reviews.js: whole reviews (request, dashboard, start, thread, reply, changes, approve, inbox) complete', async () => {
    const s = await run('reviews.js', { VUS: '2', DURATION: '4s' });
    expect(s.metrics['review_completed']?.values['value']).toBe(1);
    expect(s.metrics['http_req_duration{endpoint:create_thread}']?.values['count']).toBeGreaterThan(0);
  }, 60_000);

  it('language.js: people typing in their modules get completions, hover, definition and diagnostics for their own text', async () => {
    const s = await run('language.js', { VUS: '2', ROUNDS: '1', DURATION: '2s' });
    expect(s.metrics['lang_offered']?.values['value']).toBe(1);
    expect(s.metrics['lang_found']?.values['value']).toBe(1);
    expect(s.metrics['lang_completion']?.values['count']).toBe(4); // two per round, one round per VU
    expect(s.metrics['lang_diagnostics']?.values['count']).toBe(2);
  }, 120_000);

  it('terminal.js: opens a terminal, measures keystroke echo and command output, loses nothing', async () => {
    const s = await run('terminal.js', { VUS: '1', COMMANDS: '2', DURATION: '3s' });
    expect(s.metrics['term_command']?.values['count']).toBeGreaterThanOrEqual(2);
    expect(s.metrics['term_lost_bytes']?.values['count']).toBe(0);
  }, 60_000);
});
