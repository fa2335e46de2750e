/**
 * Comment threads (issue 11) in a real Chromium against a real server (the built IDE in
 * web/out; `npm test` builds it first). The author (alice) works in the workspace; the
 * reviewer (bob, role 'reviewer' through a review assigned to him) comments on the
 * review page's Files tab. What they would notice:
 * - bob's comment on line 3 follows the code live: alice inserts five lines above it and
 *   types inside it; for bob the highlight is on line 8 and covers what she typed;
 * - alice cuts the line and pastes it at the end: for bob the thread is orphaned, shows
 *   its quote, and "Re-attach" puts it on the pasted code;
 * - a suggestion alice applies is one undo step; one on changed code offers the choice;
 * - a reply, and a new comment, bob was writing survive a reload (drafts on the server).
 * Nothing is fetched from anywhere but the server, and no page throws.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './testing/browser-harness';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness('threads');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const SOURCE = [
  'import math',
  'def area(r):',
  '    total = compute_total(items)',
  '    return math.pi * r * r',
  'def other():',
  '    value = 1',
  '    return value',
  'print(area(2))',
  '',
].join('\n');
const QUOTE = 'total = compute_total(items)';
const VIEWPORT = { width: 1400, height: 1500 };

const editorHost = (page: Page) => page.locator('[data-editor-path="main.py"]');
const lines = (page: Page) => editorHost(page).locator('.view-lines');
const widget = (page: Page, id: string) => page.locator(`.thread-widget[data-thread-id="${id}"]`);
const highlights = (page: Page) => editorHost(page).getAttribute('data-thread-highlights');
const viewText = async (page: Page) => (await lines(page).innerText()).replace(/\u00a0/g, ' ');

/** Puts the cursor on `text` in the editor (a click on it), then Home: the line's first character. */
async function toLineOf(page: Page, text: string) {
  await lines(page).getByText(text, { exact: false }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
}

/** The reviewer selects the code on the line holding `text` (from its first non-blank character) and starts a thread. */
async function commentOn(page: Page, text: string, body: string, suggestion?: string): Promise<string> {
  await toLineOf(page, text);
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Control+Alt+KeyM');
  const composer = page.locator('.thread-new');
  // Focus goes into the new widget.
  await expect.poll(() => composer.locator('textarea').first().evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type(body);
  if (suggestion !== undefined) {
    await composer.getByLabel('Suggest a change').check();
    await composer.getByLabel('Suggested code').fill(suggestion);
  }
  const before = await page.locator('.thread-widget[data-thread-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-thread-id')));
  await composer.getByRole('button', { name: 'Comment' }).click();
  // Posted, the new widget gives way to the thread's; refused, it says why (shown in the failure).
  await Promise.race([composer.waitFor({ state: 'detached' }), composer.locator('.error').waitFor().then(async () => expect.fail(await composer.locator('.error').innerText()))]);
  const handle = page.locator('.thread-widget[data-thread-id]').filter({ hasText: body });
  await handle.waitFor();
  const id = (await handle.getAttribute('data-thread-id'))!;
  expect(before).not.toContain(id);
  return id;
}

describe('comment threads in a browser', () => {
  let alice: Page;
  let bob: Page;
  let wsId: string;
  let reviewUrl: string;
  let threadId: string;

  it('the author opens a file; the reviewer, assigned a review of it, comments on line 3 in the Files tab', async () => {
    // Tall pages: every open thread's widget in view at once (Monaco hides zones scrolled out).
    [alice, bob] = await Promise.all([h.signedIn('alice', VIEWPORT), h.signedIn('bob', VIEWPORT)]);
    const origin = { origin: h.server.url };
    expect((await bob.request.patch(`${h.server.url}/api/users/me`, { data: { reviewerLevel: 2 }, headers: origin })).status()).toBe(200);
    const created = await alice.request.post(`${h.server.url}/api/workspaces`, { data: { name: 'Threads', language: 'python' }, headers: origin });
    wsId = ((await created.json()) as { workspace: { id: string } }).workspace.id;
    const put = await alice.request.put(`${h.server.url}/api/workspaces/${wsId}/files/main.py`, { data: SOURCE, headers: { ...origin, 'content-type': 'text/plain' } });
    expect(put.status()).toBeLessThan(300);
    const review = await alice.request.post(`${h.server.url}/api/workspaces/${wsId}/reviews`, { data: { title: 'Area', priority: 'medium', reviewer: 'bob' }, headers: origin });
    expect(review.status()).toBe(201);
    reviewUrl = `${h.server.url}/review?id=${((await review.json()) as { review: { id: string } }).review.id}`;

    await alice.goto(`${h.server.url}/workspace?id=${wsId}&file=main.py`);
    await lines(alice).getByText('compute_total').waitFor();
    await bob.goto(reviewUrl);
    await lines(bob).getByText('compute_total').waitFor();

    threadId = await commentOn(bob, QUOTE, 'Where does items come from?');
    await expect.poll(() => highlights(bob)).toBe('3:5-3:33');
    await expect(widget(bob, threadId).getAttribute('data-state')).resolves.toBe('anchored');
    // The author sees it live, on the same code.
    await widget(alice, threadId).getByText('Where does items come from?').waitFor();
    await expect.poll(() => highlights(alice)).toBe('3:5-3:33');
    await bob.screenshot({ path: h.shot('reviewer-comment') });
  });

  it('the author inserts five lines above and types inside: for the reviewer, live, it is on line 8 and grew', async () => {
    await lines(alice).getByText('import math').click();
    await alice.keyboard.press('Control+Home');
    for (const c of ['a', 'b', 'c', 'd', 'e']) {
      await alice.keyboard.type(`# ${c}`);
      await alice.keyboard.press('Enter');
    }
    await toLineOf(alice, QUOTE);
    await alice.keyboard.press('End');
    for (let i = 0; i < 3; i++) await alice.keyboard.press('ArrowLeft');
    await alice.keyboard.type('XYZ');
    await lines(bob).getByText('compute_total(iteXYZms)').waitFor();
    // Monaco's own decorations (where the highlight is drawn), not our numbers: line 8, three characters longer.
    await expect.poll(() => highlights(bob)).toBe('8:5-8:36');
    await expect(widget(bob, threadId).getAttribute('data-start-line')).resolves.toBe('8');
    await expect(widget(bob, threadId).getAttribute('data-state')).resolves.toBe('changed');
    await bob.screenshot({ path: h.shot('line-8') });
  });

  it('the author cuts the line and pastes it at the end: orphaned with its quote; Re-attach puts it on the pasted code', async () => {
    await toLineOf(alice, 'compute_total(iteXYZms)');
    await alice.keyboard.press('Control+KeyX');
    await expect.poll(() => viewText(alice)).not.toContain('iteXYZms');
    await alice.keyboard.press('Control+End');
    await alice.keyboard.press('Control+KeyV');
    await expect.poll(() => viewText(alice)).toContain('iteXYZms');

    await expect.poll(() => widget(bob, threadId).getAttribute('data-state')).toBe('orphaned');
    await expect(widget(bob, threadId).getByTestId('orphan-quote').innerText()).resolves.toBe(QUOTE);
    await bob.locator('.thread-ghost').first().waitFor();
    await bob.screenshot({ path: h.shot('orphaned') });
    await widget(bob, threadId).getByRole('button', { name: 'Re-attach' }).click();
    await expect.poll(() => widget(bob, threadId).getAttribute('data-state')).not.toBe('orphaned');
    // The pasted line is the last but the empty one: 13 of 14.
    await expect(widget(bob, threadId).getAttribute('data-start-line')).resolves.toBe('13');
    await expect.poll(() => highlights(bob)).toMatch(/^13:/);
  });

  it('a suggestion the author applies is one edit: one Ctrl+Z takes it back', async () => {
    const id = await commentOn(bob, 'value = 1', 'Two, surely', 'value = 2');
    const w = widget(alice, id);
    await w.getByRole('button', { name: 'Apply suggestion' }).click();
    await w.getByText('Suggestion applied by alice').waitFor();
    await expect.poll(() => viewText(alice)).toContain('value = 2');
    await lines(alice).getByText('def other').click();
    await alice.keyboard.press('Control+KeyZ');
    await expect.poll(() => viewText(alice)).toContain('value = 1');
    await expect.poll(() => viewText(bob)).toContain('value = 1');
    expect(await viewText(alice)).not.toContain('value = 2');
  });

  it('a suggestion on code changed since offers the choice: quote, current text and suggestion', async () => {
    const id = await commentOn(bob, 'return value', 'Double it', 'return value * 2');
    // From the side panel: it opens the file, reveals the line and the thread.
    await alice.locator(`[data-thread-row="${id}"]`).click();
    await widget(alice, id).waitFor();
    await toLineOf(alice, 'return value');
    await alice.keyboard.press('End');
    await alice.keyboard.press('ArrowLeft');
    await alice.keyboard.press('ArrowLeft');
    await alice.keyboard.type('_x');
    const w = widget(alice, id);
    await expect.poll(() => w.getAttribute('data-state')).toBe('changed');
    await w.getByRole('button', { name: 'Apply suggestion' }).click();
    const choice = w.getByRole('group', { name: 'The code changed since the suggestion' });
    await expect(choice.getByTestId('choice-quote').innerText()).resolves.toBe('return value');
    await expect(choice.getByTestId('choice-current').innerText()).resolves.toBe('return val_xue');
    await expect(choice.getByTestId('choice-suggestion').innerText()).resolves.toBe('return value * 2');
    await alice.screenshot({ path: h.shot('choice') });
    await choice.getByRole('button', { name: 'Apply over the current code' }).click();
    await w.getByText('Suggestion applied by alice').waitFor();
    await expect.poll(() => viewText(alice)).toContain('return value * 2');
    expect(await viewText(alice)).not.toContain('val_xue');
  });

  it('a reply being written survives a reload of the page', async () => {
    const reply = widget(bob, threadId).getByLabel('Reply');
    await reply.fill('half-written reply');
    // Saved at most a second after the typing stopped.
    await bob.waitForTimeout(1_600);
    await bob.reload();
    await expect.poll(() => widget(bob, threadId).getByLabel('Reply').inputValue(), { timeout: 15_000 }).toBe('half-written reply');
    await widget(bob, threadId).getByRole('button', { name: 'Reply' }).click();
    await widget(alice, threadId).getByText('half-written reply').waitFor();
    await widget(bob, threadId).getByLabel('Reply').waitFor();
    await expect(widget(bob, threadId).getByLabel('Reply').inputValue()).resolves.toBe('');
  });

  it('a new comment being written comes back after a reload too, where it was', async () => {
    await toLineOf(bob, 'print(area');
    await bob.keyboard.press('Shift+End');
    await bob.keyboard.press('Control+Alt+KeyM');
    await bob.locator('.thread-new textarea').first().fill('not posted yet');
    await bob.waitForTimeout(1_600);
    await bob.reload();
    const composer = bob.locator('.thread-new');
    await expect.poll(() => composer.locator('textarea').first().inputValue(), { timeout: 15_000 }).toBe('not posted yet');
    await expect(composer.locator('.thread-quote').innerText()).resolves.toBe('print(area(2))');
    // Cancel discards it: gone after the next reload.
    await composer.getByRole('button', { name: 'Cancel' }).click();
    await composer.waitFor({ state: 'detached' });
    await bob.waitForTimeout(500);
    await bob.reload();
    await widget(bob, threadId).waitFor();
    await expect(bob.locator('.thread-new').count()).resolves.toBe(0);
  });

  it('the side panel lists the threads and jumps to one', async () => {
    const row = alice.locator(`[data-thread-row="${threadId}"]`);
    await row.waitFor();
    await widget(alice, threadId).getByRole('button', { name: 'Close thread' }).click();
    await widget(alice, threadId).waitFor({ state: 'detached' });
    await row.click();
    await widget(alice, threadId).waitFor();
  });

  it('fetched nothing from anywhere but the server, and threw no page errors', () => {
    expect(h.offSite).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
}, 120_000);
