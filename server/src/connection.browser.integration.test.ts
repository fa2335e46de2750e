/**
 * Connection truth in a real Chromium against a real server, with a TCP proxy in front
 * of the server for one person (testing/stall-proxy.ts) that can stop forwarding in both
 * directions without closing anything, as a network that silently went away.
 *
 * What a person would notice: an idle browser stays connected (it answers the server's
 * pings by itself); a stalled connection shows "Reconnecting" within 5 s, and what was
 * typed meanwhile reaches the collaborator exactly once after it resumes; terminal input
 * typed while disconnected says it waits, then runs in order after the reconnect; the
 * environment badge does not claim "ready" while the socket is down; a file edited
 * offline is kept in the browser across a closed tab and reaches the collaborator exactly
 * once when the tab is opened again with the connection back (docs/connection.md); and
 * with the app shell kept by the service worker (web/public/sw.js) a tab opened while
 * still offline shows the page, the tree and the file with its offline edit, takes more
 * edits, and all of them reach the collaborator exactly once when the network returns.
 *
 * Screenshots: web/test-results/conn-*.png (git-ignored).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SILENT_CLIENT_MS } from '@tandem/protocol';
import { startBrowserHarness, type BrowserHarness } from './testing/browser-harness';
import { startStallProxy, type StallProxy } from './testing/stall-proxy';

let h: BrowserHarness;
let proxy: StallProxy;

beforeAll(async () => {
  proxy = await startStallProxy();
  // The proxy's address is a Host (and Origin) this server answers, as a real front proxy's would be.
  h = await startBrowserHarness('conn', { allowedHosts: [`127.0.0.1:${proxy.port}`] });
  proxy.target(h.server.port);
}, 60_000);

// A failed test must not leave the next one behind a stalled network.
afterEach(() => {
  if (proxy?.stalled) proxy.resume();
});

afterAll(async () => {
  await h?.stop();
  await proxy?.close();
});

const lines = (page: Page) => page.locator('.monaco-editor .view-lines');
const editorText = (page: Page) => lines(page).innerText().then((t) => t.replace(/\u00a0/g, ' '));
const count = (text: string, part: string) => text.split(part).length - 1;
const OFFLINE_EDIT = '# written_offline\n';
const BEFORE_CLOSING = '# before_closing\n';
const AFTER_REOPENING = '# after_reopening\n';

/** Times each close code was counted on `/sync` and `/ws`, from /metrics. */
async function heartbeatCloses(): Promise<number> {
  const text = await (await fetch(`${h.server.url}/metrics`)).text();
  return [...text.matchAll(/_closes_total\{code="HEARTBEAT_TIMEOUT"\} (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
}

/** How many updates this page's IndexedDB copies of files of `wsId` hold (y-indexeddb writes one per edit). */
const storedUpdates = (page: Page, wsId: string) =>
  page.evaluate(async (ws) => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('tandem-doc:') && n.includes(ws));
    let total = 0;
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      total += await new Promise<number>((resolve, reject) => {
        const counted = db.transaction('updates').objectStore('updates').count();
        counted.onsuccess = () => resolve(counted.result);
        counted.onerror = () => reject(counted.error);
      });
      db.close();
    }
    return total;
  }, wsId);

describe('connection truth in a browser', () => {
  let alice: Page;
  let aliceContext: BrowserContext;
  let bob: Page;
  let wsId: string;
  let aliceUrl: string;
  const fileText = async () => (await bob.request.get(`${h.server.url}/api/workspaces/${wsId}/files/main.py`)).text();

  it('BEAT-4: an idle browser answers the pings by itself and stays connected through many silences', async () => {
    alice = await h.signedIn('alice');
    aliceContext = alice.context();
    bob = await h.signedIn('bob');
    const origin = { origin: h.server.url };
    const created = await alice.request.post(`${h.server.url}/api/workspaces`, { data: { name: 'Flaky network', language: 'python' }, headers: origin });
    wsId = ((await created.json()) as { workspace: { id: string } }).workspace.id;
    const added = await alice.request.post(`${h.server.url}/api/workspaces/${wsId}/members`, { data: { username: 'bob', role: 'editor' }, headers: origin });
    expect(added.status()).toBe(201);

    // Alice through the proxy (her page's origin is the proxy's), Bob straight to the server.
    aliceUrl = `${proxy.url}/workspace?id=${wsId}&file=main.py`;
    await Promise.all([alice.goto(aliceUrl), bob.goto(`${h.server.url}/workspace?id=${wsId}&file=main.py`)]);
    for (const page of [alice, bob]) {
      await lines(page).getByText('Hello from Tandem').waitFor();
      await page.getByTestId('connection').getByText('Connected').waitFor();
    }
    const before = await heartbeatCloses();
    await new Promise((r) => setTimeout(r, 2 * SILENT_CLIENT_MS + 1000));
    expect(await heartbeatCloses()).toBe(before);
    await alice.getByTestId('connection').getByText('Connected').waitFor({ timeout: 1000 });
  }, 60_000);

  it('BEAT-1, BEAT-5: a stalled connection shows Reconnecting within 5 s; edits made during the stall reach the other person exactly once after it resumes', async () => {
    await lines(alice).click();
    await alice.keyboard.press('Control+End');
    await alice.keyboard.press('Enter');
    const before = await heartbeatCloses();

    proxy.stall();
    await alice.getByTestId('connection').getByText(/^Reconnecting \(attempt \d+\)$/).waitFor({ timeout: 5000 });
    // Nothing claims what the page cannot know (the workspace socket's own silence may end a beat later than the file's).
    await alice.locator('[data-env="unknown"]').waitFor({ timeout: 5000 });
    await alice.keyboard.insertText('typed_in_the_stall = 1');
    await alice.getByTestId('save-state').getByText('Unsaved — kept in this browser').waitFor();
    await alice.screenshot({ path: h.shot('stalled') });
    // The server let go of Alice's sockets by itself (BEAT-4), not waiting for TCP.
    await expect.poll(heartbeatCloses, { timeout: 8000 }).toBeGreaterThan(before);
    expect(await editorText(bob)).not.toContain('typed_in_the_stall');

    proxy.resume();
    await alice.getByTestId('connection').getByText('Connected').waitFor({ timeout: 15_000 });
    await lines(bob).getByText('typed_in_the_stall = 1').waitFor({ timeout: 15_000 });
    await alice.getByTestId('save-state').getByText('Saved').waitFor({ timeout: 15_000 });
    expect(count(await editorText(bob), 'typed_in_the_stall')).toBe(1);
    expect(count(await fileText(), 'typed_in_the_stall')).toBe(1);
    expect(count(await editorText(alice), 'typed_in_the_stall')).toBe(1);
  }, 60_000);

  it('terminal input typed while disconnected waits with a notice, then runs in order after the reconnect', async () => {
    await alice.getByRole('button', { name: 'New terminal' }).click();
    const terminal = alice.locator('.xterm');
    await terminal.waitFor({ timeout: 20_000 });
    await alice.locator('[data-env="ready"]').waitFor({ timeout: 20_000 });
    await terminal.click();
    await alice.keyboard.type('echo ready-$((20+1))\n');
    await alice.locator('.xterm-rows').getByText(/^ready-21\s*$/).waitFor({ timeout: 15_000 });

    proxy.stall();
    await alice.getByTestId('connection').getByText(/^Reconnecting/).waitFor({ timeout: 5000 });
    await alice.locator('[data-env="unknown"]').waitFor({ timeout: 5000 });
    await terminal.click();
    await alice.keyboard.type('echo first-$((1+1))\n');
    await alice.keyboard.type('echo second-$((2+2))\n');
    await alice.locator('.xterm-rows').getByText('sent when the connection is back').waitFor({ timeout: 2000 });
    await alice.screenshot({ path: h.shot('terminal-waiting') });

    proxy.resume();
    await alice.locator('.xterm-rows').getByText(/^second-4\s*$/).waitFor({ timeout: 20_000 });
    await alice.locator('.xterm-rows').getByText(/first-2/).first().waitFor({ timeout: 5000 });
    // In order. (Only the output has "first-2": the typed command says "first-$((1+1))".)
    const rows = await alice.locator('.xterm-rows').innerText();
    expect(rows.indexOf('first-2'), rows).toBeGreaterThanOrEqual(0);
    expect(rows.indexOf('first-2'), rows).toBeLessThan(rows.indexOf('second-4'));
    await alice.locator('[data-env="ready"]').waitFor({ timeout: 5000 });
  }, 90_000);

  it('offline: an edit is kept in the browser across a closed tab and reaches the other person exactly once when the tab is opened again online', async () => {
    await alice.getByTestId('connection').getByText('Connected').waitFor({ timeout: 15_000 });
    await alice.getByTestId('save-state').getByText('Saved').waitFor({ timeout: 15_000 });
    await aliceContext.setOffline(true);
    await alice.getByTestId('connection').getByText('Offline').waitFor({ timeout: 5000 });
    await lines(alice).click();
    await alice.keyboard.press('Control+Home');
    const stored = await storedUpdates(alice, wsId);
    await alice.keyboard.insertText(OFFLINE_EDIT);
    await alice.getByTestId('save-state').getByText('Unsaved — kept in this browser').waitFor();
    // Each typed character is one update, written to IndexedDB as it is made.
    await expect.poll(() => storedUpdates(alice, wsId), { timeout: 5000 }).toBeGreaterThanOrEqual(stored + OFFLINE_EDIT.length);
    await alice.screenshot({ path: h.shot('offline') });
    await alice.close();
    expect(await fileText()).not.toContain('written_offline');

    // Reopened with the network back here; the next test reopens it while still offline.
    await aliceContext.setOffline(false);
    alice = await aliceContext.newPage();
    await alice.goto(aliceUrl);
    await lines(bob).getByText('# written_offline').waitFor({ timeout: 20_000 });
    await alice.getByTestId('save-state').getByText('Saved').waitFor({ timeout: 15_000 });
    expect(count(await fileText(), 'written_offline')).toBe(1);
    expect(count(await editorText(bob), 'written_offline')).toBe(1);
    expect(count(await editorText(alice), 'written_offline')).toBe(1);
    // What was typed in the stall is still there once, too.
    expect(count(await fileText(), 'typed_in_the_stall')).toBe(1);
  }, 60_000);

  it('offline: a tab opened while still offline shows the page, the tree and the file with its offline edit; edits made there reach the other person exactly once when the network returns', async () => {
    await alice.getByTestId('connection').getByText('Connected').waitFor({ timeout: 15_000 });
    await alice.getByTestId('save-state').getByText('Saved').waitFor({ timeout: 15_000 });
    // The app shell is kept before the network goes: the worker is active (installed with the whole
    // export cached) and controls this page (clients.claim()), so its next lazy chunk comes from the cache.
    await alice.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => alice.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 10_000 }).toBe(true);

    await aliceContext.setOffline(true);
    await alice.getByTestId('connection').getByText('Offline').waitFor({ timeout: 5000 });
    await lines(alice).click();
    await alice.keyboard.press('Control+Home');
    const stored = await storedUpdates(alice, wsId);
    await alice.keyboard.insertText(BEFORE_CLOSING);
    await alice.getByTestId('save-state').getByText('Unsaved — kept in this browser').waitFor();
    await expect.poll(() => storedUpdates(alice, wsId), { timeout: 5000 }).toBeGreaterThanOrEqual(stored + BEFORE_CLOSING.length);
    await alice.close();

    // A new tab, the network still gone: everything comes from this browser.
    alice = await aliceContext.newPage();
    await alice.goto(aliceUrl);
    await alice.locator('[data-path="main.py"]').waitFor({ timeout: 20_000 });
    await lines(alice).getByText(BEFORE_CLOSING.trim()).waitFor({ timeout: 20_000 });
    await alice.getByTestId('connection').getByText('Offline').waitFor({ timeout: 5000 });
    expect(await alice.evaluate(() => navigator.onLine)).toBe(false);
    await lines(alice).click();
    await alice.keyboard.press('Control+Home');
    const reopened = await storedUpdates(alice, wsId);
    await alice.keyboard.insertText(AFTER_REOPENING);
    await alice.getByTestId('save-state').getByText('Unsaved — kept in this browser').waitFor();
    await expect.poll(() => storedUpdates(alice, wsId), { timeout: 5000 }).toBeGreaterThanOrEqual(reopened + AFTER_REOPENING.length);
    await alice.screenshot({ path: h.shot('opened-offline') });
    expect(await fileText()).not.toContain('before_closing');
    expect(await editorText(bob)).not.toContain('after_reopening');

    await aliceContext.setOffline(false);
    await alice.getByTestId('connection').getByText('Connected').waitFor({ timeout: 20_000 });
    await lines(bob).getByText(AFTER_REOPENING.trim()).waitFor({ timeout: 20_000 });
    await lines(bob).getByText(BEFORE_CLOSING.trim()).waitFor({ timeout: 5000 });
    await alice.getByTestId('save-state').getByText('Saved').waitFor({ timeout: 15_000 });
    for (const mark of ['before_closing', 'after_reopening', 'written_offline', 'typed_in_the_stall']) {
      expect(count(await fileText(), mark), mark).toBe(1);
      expect(count(await editorText(bob), mark), mark).toBe(1);
      expect(count(await editorText(alice), mark), mark).toBe(1);
    }
  }, 90_000);

  it('SYNC-7: edits made offline by someone who lost write access meanwhile are shown as not saved, never Saved', async () => {
    const bobContext = bob.context();
    await bob.getByTestId('save-state').getByText('Saved').waitFor({ timeout: 15_000 });
    await bobContext.setOffline(true);
    await bob.getByTestId('connection').getByText('Offline').waitFor({ timeout: 5000 });
    await lines(bob).click();
    await bob.keyboard.press('Control+End');
    await bob.keyboard.insertText('bob_after_demotion');
    await bob.getByTestId('save-state').getByText('Unsaved — kept in this browser').waitFor();
    const bobId = ((await (await bob.request.get(`${h.server.url}/api/auth/me`)).json()) as { user: { id: string } }).user.id;
    const demoted = await alice.request.patch(`${h.server.url}/api/workspaces/${wsId}/members/${bobId}`, { data: { role: 'viewer' }, headers: { origin: h.server.url } });
    expect(demoted.status()).toBe(200);

    await bobContext.setOffline(false);
    await bob.getByTestId('save-state').getByText(/^Not saved — you can no longer edit this file/).waitFor({ timeout: 20_000 });
    await bob.screenshot({ path: h.shot('refused') });
    expect(await fileText()).not.toContain('bob_after_demotion');
  }, 60_000);

  it('keeps one person’s stored copies from another signed in on the same browser, and forgets them on sign-out', async () => {
    const names = () => alice.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('tandem-doc:')));
    const me = (await (await alice.request.get(`${h.server.url}/api/auth/me`)).json()) as { user: { id: string } };
    expect((await names()).every((n) => n.startsWith(`tandem-doc:${me.user.id}:`))).toBe(true);
    expect((await names()).length).toBeGreaterThan(0);
    await alice.getByRole('button', { name: 'Sign out' }).click();
    await alice.waitForURL('**/login**');
    await expect.poll(names, { timeout: 5000 }).toEqual([]);
    // The user and trees kept for opening offline go too (lib/offline-cache.ts).
    expect(await alice.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tandem.offline.')))).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  }, 30_000);
});
