/**
 * The browser tests' common ground: a real server serving the built IDE (web/out) and
 * Debian's Chromium driven by playwright-core, with the flags this machine needs; pages
 * that record every request leaving the server (there must be none) and every page
 * error; people signed up over the API in their own browser contexts.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Config } from '../config';
import { startTestServer, type TestServer } from './test-server';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'test-results');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_OUT = join(import.meta.dirname, '..', '..', '..', 'web', 'out');
export const PASSWORD = 'correct horse battery';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface BrowserHarness {
  server: TestServer;
  browser: Browser;
  /** URLs pages asked for that are not the server's. */
  offSite: string[];
  /** Uncaught errors of any page. */
  pageErrors: string[];
  /** A fresh browser context and its page, watched. */
  newPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  /** A person with an account made over the API (no Origin: a script), signed in inside their own context. */
  signedIn(username: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** A screenshot path for a human look: web/test-results/<prefix>-<name>.png (git-ignored). */
  shot(name: string): string;
  stop(): Promise<void>;
}

/** `serverConfig`: settings of the test server beyond the defaults (e.g. allowed hosts for a proxy in front). */
export async function startBrowserHarness(prefix: string, serverConfig: Partial<Config> = {}): Promise<BrowserHarness> {
  if (!existsSync(join(WEB_OUT, 'index.html'))) throw new Error(`No IDE build in ${WEB_OUT}: run \`npm run build:web\` first`);
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const server = await startTestServer({ webDir: WEB_OUT, ...serverConfig });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const offSite: string[] = [];
  const pageErrors: string[] = [];
  const newPage = async (viewport = { width: 1280, height: 800 }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(server.url) && !url.startsWith(server.wsUrl) && !/^(data|blob):/.test(url)) offSite.push(url);
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return { context, page };
  };
  return {
    server,
    browser,
    offSite,
    pageErrors,
    newPage,
    async signedIn(username, viewport) {
      const { context, page } = await newPage(viewport);
      const reg = await context.request.post(`${server.url}/api/auth/register`, { data: { username, email: `${username}@example.com`, password: PASSWORD } });
      expect(reg.status()).toBe(201);
      return page;
    },
    shot: (name) => {
      mkdirSync(SHOTS, { recursive: true });
      return join(SHOTS, `${prefix}-${name}.png`);
    },
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}
