/**
 * Issue 12's light first load, in a real Chromium against the built IDE (web/out; not
 * timed: bench:ide measures). The workspace list downloads no Monaco and no xterm.js
 * (told apart by strings only their code holds, which the build is checked to contain);
 * every script comes compressed, as the browser asked; a workspace page loads Monaco,
 * and each language's tokenizer only once a file of that language opens; every
 * language the editor maps highlights, JSON included, whose worker starts and reports
 * a syntax error. Nothing is fetched from anywhere but the server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './testing/browser-harness';

/** Strings of the libraries' own code (a CSS class each builds its DOM with), not of ours. */
const MONACO_MARK = 'monaco-editor-background';
const XTERM_MARK = 'xterm-helper-textarea';
const CHUNKS = join(import.meta.dirname, '..', '..', 'web', 'out', '_next', 'static', 'chunks');

/** Each mapped language, a file of it and a line its tokenizer splits into differently coloured tokens. */
const SAMPLES: ReadonlyArray<[language: string, path: string, text: string]> = [
  ['python', 'lang/a.py', 'def f(x):\n    return "s" # note\n'],
  ['javascript', 'lang/a.js', 'const x = "s"; // note\n'],
  ['typescript', 'lang/a.ts', 'const x: number = 1; // note\n'],
  ['go', 'lang/a.go', 'package main\nfunc f() string { return "s" }\n'],
  ['shell', 'lang/a.sh', 'echo "s" # note\n'],
  ['markdown', 'lang/a.md', '# Title\n\n**bold** text\n'],
  ['yaml', 'lang/a.yaml', 'key: "value" # note\n'],
  ['ini', 'lang/a.ini', '[section]\nkey = value ; note\n'],
  ['dockerfile', 'lang/Dockerfile', 'FROM debian\nRUN echo "s"\n'],
  ['html', 'lang/a.html', '<div class="x">text</div>\n'],
  ['css', 'lang/a.css', '.x { color: red; }\n'],
  ['sql', 'lang/a.sql', 'SELECT name FROM t WHERE id = 1;\n'],
  ['rust', 'lang/a.rs', 'fn main() { let s = "s"; }\n'],
  ['java', 'lang/A.java', 'class A { String s = "s"; }\n'],
  ['cpp', 'lang/a.cpp', 'int main() { return 0; } // note\n'],
  ['ruby', 'lang/a.rb', 'def f; "s"; end # note\n'],
  ['xml', 'lang/a.xml', '<a x="1">text</a>\n'],
  ['json', 'lang/a.json', '{ "key": [1, true, "s"] }\n'],
];

let h: BrowserHarness;
let workspaceId: string;
let owner: Page;

beforeAll(async () => {
  h = await startBrowserHarness('first-load');
  owner = await h.signedIn('dora');
  const origin = { origin: h.server.url };
  const made = await owner.request.post(`${h.server.url}/api/workspaces`, { data: { name: 'Light', language: 'python' }, headers: origin });
  expect(made.status()).toBe(201);
  workspaceId = ((await made.json()) as { workspace: { id: string } }).workspace.id;
  for (const [, path, text] of [...SAMPLES, ['json', 'lang/broken.json', '{ "key": }\n'] as const]) {
    const put = await owner.request.put(`${h.server.url}/api/workspaces/${workspaceId}/files/${path}`, { data: text, headers: { ...origin, 'content-type': 'text/plain' } });
    expect(put.status(), path).toBeLessThan(300);
  }
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

interface Script { url: string; encoding: string | undefined; body: string }

/** Every script response the page gets, with its body (decoded by the browser). */
function recordScripts(page: Page): Script[] {
  const scripts: Script[] = [];
  const pending: Array<Promise<void>> = [];
  page.on('response', (res: Response) => {
    if (res.request().resourceType() !== 'script' && !new URL(res.url()).pathname.endsWith('.js')) return;
    pending.push((async () => {
      const [headers, body] = await Promise.all([res.allHeaders(), res.text().catch(() => '')]);
      scripts.push({ url: res.url(), encoding: headers['content-encoding'], body });
    })());
  });
  Object.defineProperty(scripts, 'settled', { value: () => Promise.all(pending) });
  return scripts;
}
const settled = async (scripts: Script[]) => (scripts as unknown as { settled(): Promise<unknown> }).settled();

/** The editor's view has at least two differently coloured token classes (Monaco's `mtkN`). */
const tokenClasses = (page: Page, path: string) =>
  page.locator(`[data-editor-path="${path}"] .view-lines span[class^="mtk"]`).evaluateAll((spans) => new Set(spans.map((s) => s.className)).size);

async function openFolder(page: Page, path: string): Promise<void> {
  const row = page.locator(`[data-path="${path}"]`);
  // The tree is a WAI-ARIA tree: aria-expanded is on the row's treeitem, its parent.
  const folder = row.locator('xpath=..');
  if ((await folder.getAttribute('aria-expanded')) !== 'true') await row.click();
  await expect.poll(() => folder.getAttribute('aria-expanded')).toBe('true');
}

describe('a light first load', () => {
  it('the build holds Monaco and xterm.js in chunks the marks identify', () => {
    const chunks = readdirSync(CHUNKS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const holding = (mark: string) => chunks.filter((f) => readFileSync(join(CHUNKS, f), 'utf8').includes(mark));
    expect(holding(MONACO_MARK).length).toBeGreaterThan(0);
    expect(holding(XTERM_MARK).length).toBeGreaterThan(0);
  });

  it('the workspace list loads no Monaco and no xterm.js, and every script comes compressed', async () => {
    const { context, page } = await h.newPage();
    await context.addCookies(await owner.context().cookies());
    const scripts = recordScripts(page);
    await page.goto(h.server.url);
    await page.locator('tr[data-workspace="Light"]').waitFor();
    // Link prefetches included: nothing the page fetches later may be the editor either.
    await page.waitForLoadState('networkidle');
    await settled(scripts);
    expect(scripts.length).toBeGreaterThan(3);
    expect(scripts.filter((s) => s.body.includes(MONACO_MARK)).map((s) => s.url)).toEqual([]);
    expect(scripts.filter((s) => s.body.includes(XTERM_MARK)).map((s) => s.url)).toEqual([]);
    expect(scripts.filter((s) => s.encoding !== 'br').map((s) => s.url)).toEqual([]);
    await context.close();
  }, 60_000);

  it('a workspace page loads Monaco, and each language’s tokenizer only when a file of it opens; each highlights', async () => {
    const { page } = await h.newPage();
    await page.context().addCookies(await owner.context().cookies());
    const scripts = recordScripts(page);
    await page.goto(`${h.server.url}/workspace?id=${workspaceId}&file=main.py`);
    await page.locator('.monaco-editor .view-lines').getByText('Hello from Tandem').waitFor();
    await page.waitForLoadState('networkidle');
    await settled(scripts);
    expect(scripts.some((s) => s.body.includes(MONACO_MARK))).toBe(true);
    expect(scripts.some((s) => s.body.includes(XTERM_MARK))).toBe(false);

    await openFolder(page, 'lang');
    for (const [language, path] of SAMPLES) {
      const before = scripts.length;
      await page.locator(`[data-path="${path}"]`).click();
      await expect.poll(() => tokenClasses(page, path), { message: `${language} (${path}) is highlighted`, timeout: 15_000 }).toBeGreaterThan(1);
      await settled(scripts);
      // Python's tokenizer came with main.py; TypeScript's with JavaScript, whose tokenizer builds on it.
      if (language !== 'python' && language !== 'typescript') expect(scripts.length, `${language} loaded its tokenizer on demand`).toBeGreaterThan(before);
    }
    expect(h.offSite).toEqual([]);
  }, 240_000);

  it('JSON: its worker starts when a JSON file opens, and reports a syntax error', async () => {
    const { page } = await h.newPage();
    await page.context().addCookies(await owner.context().cookies());
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${h.server.url}/workspace?id=${workspaceId}&file=main.py`);
    await page.locator('.monaco-editor .view-lines').getByText('Hello from Tandem').waitFor();
    await page.waitForLoadState('networkidle');
    const beforeJson = workers.length;
    await openFolder(page, 'lang');
    await page.locator('[data-path="lang/broken.json"]').click();
    await page.locator('[data-editor-path="lang/broken.json"] .squiggly-error').first().waitFor({ timeout: 20_000 });
    expect(workers.length).toBeGreaterThan(beforeJson);
    expect(h.offSite).toEqual([]);
    expect(h.pageErrors).toEqual([]);
    await page.screenshot({ path: h.shot('json') });
  }, 120_000);
});
