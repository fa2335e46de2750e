// `npm run bench:ide`: issue 12's first-load figures, measured and printed (not asserted).
// With a cold browser cache each try (a fresh browser context):
//   - the JavaScript a workspace page loads before its editor accepts typing, and the
//     dashboard's (the workspace list), as transferred and as gzip -9 would send it;
//   - from navigating to a workspace URL to a typed character showing in the editor,
//     p50/p95 over --tries (the clock is the page's: performance.now() counts from the
//     navigation's start);
//   - from pressing "+ terminal" in a running environment (the local sandbox) to a shell
//     prompt in the terminal, p50 over --tries; each prompt is then used (a command runs).
//
// A real server (the built IDE in web/out: run `npm run build:web` first) on an
// embedded PostgreSQL in a temporary folder; Debian's Chromium through playwright-core.
//
//   npm run bench:ide [-- --tries=10]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startEmbeddedPostgres } from '@tandem/persistence';
import { startServer } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { summarize } from './generator/stats';
import { totals, watchScripts, type ScriptLoad } from './ide-bench/script-loads';
import { TARGETS, kb, verdictLine } from './ide-bench/targets';
import { repoRoot } from './servers/ours-target';

const { values } = parseArgs({ options: { tries: { type: 'string', default: '10' }, verbose: { type: 'boolean', default: false } } });
const TRIES = Number(values.tries);
const log = (s: string) => console.error(s);
// As server/src/testing/browser-harness.ts: what Chromium needs on this machine, and no traffic of its own.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const VIEWPORT = { width: 1280, height: 800 };
const PASSWORD = 'correct horse battery';

const webOut = join(repoRoot, 'web', 'out');
if (!existsSync(join(webOut, 'index.html'))) {
  console.error(`No IDE build in ${webOut}: run \`npm run build:web\` first`);
  process.exit(1);
}

const tmp = await mkdtemp(join(tmpdir(), 'tandem-ide-bench-'));
const embedded = await startEmbeddedPostgres({ dataDir: join(tmp, 'postgres') });
const server = await startServer({
  ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent', TANDEM_DATA_DIR: join(tmp, 'data'), DATABASE_URL: embedded.url }),
  webDir: webOut,
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });

/** Signs the bench's person up once; every try is a fresh context with only that cookie (an empty cache). */
async function signUp(b: Browser): Promise<Awaited<ReturnType<BrowserContext['storageState']>>> {
  const context = await b.newContext();
  const reg = await context.request.post(`${server.url}/api/auth/register`, { data: { username: 'bench', email: 'bench@example.com', password: PASSWORD } });
  if (reg.status() !== 201) throw new Error(`register: ${reg.status()} ${await reg.text()}`);
  const state = await context.storageState();
  await context.close();
  return state;
}

function describeLoads(name: string, loads: readonly ScriptLoad[]): void {
  if (!values.verbose) return;
  log(`  ${name}:`);
  for (const l of [...loads].sort((a, b) => b.decoded - a.decoded)) {
    log(`    ${(l.transferred / 1000).toFixed(1).padStart(8)} KB ${l.encoding || 'identity'} (${(l.decoded / 1000).toFixed(1)} KB raw, ${(l.gzipped / 1000).toFixed(1)} KB gz) ${new URL(l.url).pathname}`);
  }
}

const storageState = await signUp(browser);
const fresh = async (): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({ storageState, viewport: VIEWPORT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('close', () => errors.length && log(`page errors: ${errors.join(' | ')}`));
  return { context, page };
};

try {
  const setup = await browser.newContext({ storageState });
  const origin = { origin: server.url };
  const made = await setup.request.post(`${server.url}/api/workspaces`, { data: { name: 'Bench', language: 'python' }, headers: origin });
  if (made.status() !== 201) throw new Error(`create workspace: ${made.status()} ${await made.text()}`);
  const wsId = ((await made.json()) as { workspace: { id: string } }).workspace.id;
  // One file per try, so each try types into text nobody typed into before.
  for (let i = 0; i < TRIES; i++) {
    const put = await setup.request.put(`${server.url}/api/workspaces/${wsId}/files/bench-${i}.py`, { data: `print("bench ${i}")\n`, headers: { ...origin, 'content-type': 'text/plain' } });
    if (put.status() >= 300) throw new Error(`file ${i}: ${put.status()} ${await put.text()}`);
  }
  await setup.close();

  // The dashboard: everything it loads until the network is quiet (prefetches included).
  const dashboard: number[] = [];
  const dashboardTransferred: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { context, page } = await fresh();
    const scripts = watchScripts(context);
    await page.goto(server.url);
    await page.locator('tr[data-workspace="Bench"]').waitFor();
    await page.waitForLoadState('networkidle');
    const loads = await scripts.settled();
    if (i === 0) describeLoads('dashboard scripts', loads);
    dashboard.push(totals(loads).gzipped);
    dashboardTransferred.push(totals(loads).transferred);
    await context.close();
  }

  // The workspace page: from navigation to a typed character in the editor's view.
  const typing: number[] = [];
  const ideGzip: number[] = [];
  const ideTransferred: number[] = [];
  for (let i = 0; i < TRIES; i++) {
    const { context, page } = await fresh();
    const scripts = watchScripts(context);
    await page.goto(`${server.url}/workspace?id=${wsId}&file=bench-${i}.py`, { waitUntil: 'commit' });
    await page.waitForFunction((text) => document.querySelector('.monaco-editor .view-lines')?.textContent?.replace(/\u00a0/g, ' ').includes(text) ?? false,
      `print("bench ${i}")`, { polling: 'raf', timeout: 30_000 });
    // What finished loading before the key went in is what the editor needed to take it.
    const typedAt = performance.now();
    await page.keyboard.type('Z');
    const shownAt = await page.waitForFunction(() => (document.querySelector('.monaco-editor .view-lines')?.textContent?.includes('Z') ? performance.now() : 0),
      undefined, { polling: 'raf', timeout: 10_000 }).then((h) => h.jsonValue());
    const before = (await scripts.settled()).filter((l) => l.finishedAt <= typedAt);
    if (i === 0) describeLoads('workspace scripts before typing', before);
    typing.push(shownAt);
    ideGzip.push(totals(before).gzipped);
    ideTransferred.push(totals(before).transferred);
    await context.close();
  }

  // The terminal: the environment is started first (by a first terminal), then each try opens one.
  const terminal: number[] = [];
  const workspaceUrl = `${server.url}/workspace?id=${wsId}&file=main.py`;
  {
    const { context, page } = await fresh();
    await page.goto(workspaceUrl);
    await openTerminal(page, 120_000);
    await closeTerminals(page);
    await context.close();
  }
  for (let i = 0; i < TRIES; i++) {
    const { context, page } = await fresh();
    await page.goto(workspaceUrl);
    terminal.push(await openTerminal(page, 30_000));
    await closeTerminals(page);
    await context.close();
  }

  const t = summarize(typing);
  const commit = spawnSync('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown';
  const dirty = spawnSync('git', ['-C', repoRoot, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim() ? ' (with uncommitted changes)' : '';
  const term = summarize(terminal);
  const median = (xs: number[]) => summarize(xs).p50;
  console.log(`tandem IDE first-load bench at ${commit}${dirty}: ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, node ${process.version}, Chromium ${browser.version()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`cold browser cache each try (a fresh context); ${TRIES} tries; KB = 1000 bytes`);
  console.log(`  workspace page JS before typing: ${kb(median(ideTransferred)).toFixed(1)} KB as transferred, ${kb(median(ideGzip)).toFixed(1)} KB gzipped`);
  console.log(`  dashboard JS: ${kb(median(dashboardTransferred)).toFixed(1)} KB as transferred, ${kb(median(dashboard)).toFixed(1)} KB gzipped`);
  console.log(`  workspace URL to typing: p50 ${t.p50.toFixed(0)} ms, p95 ${t.p95.toFixed(0)} ms, max ${t.max.toFixed(0)} ms`);
  console.log(`  "+ terminal" to a prompt: p50 ${term.p50.toFixed(0)} ms, p95 ${term.p95.toFixed(0)} ms, max ${term.max.toFixed(0)} ms`);
  console.log(`  ${verdictLine(TARGETS.ideScriptSent, kb(median(ideTransferred)))}`);
  console.log(`  ${verdictLine(TARGETS.ideScriptGzip, kb(median(ideGzip)))}`);
  console.log(`  ${verdictLine(TARGETS.dashboardScriptSent, kb(median(dashboardTransferred)))}`);
  console.log(`  ${verdictLine(TARGETS.dashboardScriptGzip, kb(median(dashboard)))}`);
  console.log(`  ${verdictLine(TARGETS.typingP50, t.p50)}`);
  console.log(`  ${verdictLine(TARGETS.terminalP50, term.p50)}`);
} finally {
  await browser.close();
  await server.close();
  await embedded.stop();
  await rm(tmp, { recursive: true, force: true });
}

/**
 * Presses "+ terminal" once the environment is running, and returns the page's time from
 * that press to a shell prompt on the terminal's last non-empty row; then runs a command
 * at that prompt (untimed), so the prompt counted is one that works.
 */
async function openTerminal(page: Page, timeout: number): Promise<number> {
  const button = page.getByRole('button', { name: 'New terminal' });
  await page.locator('[data-env="ready"], [data-env="stopped"]').first().waitFor({ timeout });
  await button.waitFor({ timeout });
  await page.waitForFunction(() => !(document.querySelector('[aria-label="New terminal"]') as HTMLButtonElement | null)?.disabled, undefined, { timeout });
  await page.evaluate(() => {
    document.querySelector('[aria-label="New terminal"]')!.addEventListener('click', () => ((window as unknown as { benchPressedAt: number }).benchPressedAt = performance.now()), { capture: true, once: true });
  });
  await button.click();
  const promptAt = await page.waitForFunction(() => {
    const rows = Array.from(document.querySelectorAll('.xterm-rows > div')).map((r) => r.textContent?.replace(/\u00a0/g, ' ').trimEnd() ?? '').filter(Boolean);
    const last = rows[rows.length - 1];
    return last && /[$#]$/.test(last) ? performance.now() : 0;
  }, undefined, { polling: 'raf', timeout }).then((h) => h.jsonValue());
  const pressedAt = await page.evaluate(() => (window as unknown as { benchPressedAt: number }).benchPressedAt);
  await page.locator('.xterm').click();
  await page.keyboard.type('echo $((40 + 2))\n');
  await page.locator('.xterm-rows').getByText(/^42\s*$/).waitFor({ timeout: 15_000 });
  return promptAt - pressedAt;
}

async function closeTerminals(page: Page): Promise<void> {
  const close = page.getByRole('button', { name: /^Close terminal/ });
  while ((await close.count()) > 0) {
    const n = await close.count();
    await close.first().click();
    await page.waitForFunction((before) => document.querySelectorAll('[aria-label^="Close terminal"]').length < before, n, { timeout: 10_000 });
  }
}
