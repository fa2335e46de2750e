// The k6 scripts, unmodified, run for a few seconds each against a real Tandem server
// (fresh database, local executor) through k6-lite: every threshold must hold on real
// samples, with no script error. This is what proves their protocol logic and API paths.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../server/src/testing/test-server';
import { runK6Script, type RunResult } from './runner';

const K6_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../k6');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

async function run(script: string, env: Record<string, string>): Promise<RunResult> {
  const logs: string[] = [];
  const result = await runK6Script(resolve(K6_DIR, script), { env: { BASE_URL: server.url, ...env }, log: (l) => logs.push(l) });
  // K6_LITE_SUMMARY=1 prints every run's summary.
  if (result.exitCode !== 0 || process.env.K6_LITE_SUMMARY) console.log(`${result.summary}\n${logs.join('\n')}`);
  return result;
}

function expectAllGreen(result: RunResult): void {
  expect(result.errors).toEqual([]);
  expect(result.interrupted).toBe(0);
  for (const t of result.thresholds) {
    expect(t, `${t.metric} ${t.expression} = ${t.value}`).toMatchObject({ ok: true });
    // A threshold over no samples passes vacuously in k6; here it must have measured something.
    expect(t.samples, `${t.metric} has samples`).toBeGreaterThan(0);
  }
  expect(result.checks.fails).toBe(0);
  expect(result.checks.passes).toBeGreaterThan(0);
  expect(result.exitCode).toBe(0);
}

describe('k6 scripts against a real server', () => {
  it('sync.js: every VU syncs its document and receives the others\' updates', async () => {
    const result = await run('sync.js', { DOCS: '2', CLIENTS_PER_DOC: '2', RATE: '4', DURATION: '4s' });
    expectAllGreen(result);
    expect(result.plan.vus).toBe(4);
    expect(result.metrics.sync_time_to_synced?.count).toBe(4);
    expect(result.metrics.sync_updates_sent?.values.count).toBeGreaterThan(20);
    // Each update reaches the one other VU on its document.
    expect(result.metrics.sync_updates_delivered?.values.count).toBeGreaterThan(0);
  });

  it('api.js: sign-in, listing, writing and reading files by path', async () => {
    // Each VU signs in with its own account (made in setup) at most every LOGIN_INTERVAL
    // (10 s). Successful sign-ins are not limited; setup's 3 registrations and the other
    // scripts' stay far under the server's 30 an hour per address.
    const result = await run('api.js', { VUS: '2', DURATION: '4s' });
    expect(result.store.select('http_reqs', { endpoint: 'login', status: '200' })).toHaveLength(2);
    expectAllGreen(result);
    expect(result.thresholds.map((t) => t.metric)).toContain('http_req_duration{endpoint:write_file}');
    expect(result.metrics.content_matches?.values.rate).toBe(1);
  });

  it('terminal.js: opens a terminal, measures keystroke echo and command output', async () => {
    const result = await run('terminal.js', { VUS: '1', COMMANDS: '2', DURATION: '3s' });
    expectAllGreen(result);
    expect(result.metrics.term_command?.count).toBeGreaterThanOrEqual(2);
  });
});
