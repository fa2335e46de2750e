/**
 * Code review in a real Chromium against a real server (the built static export in
 * web/out; `npm test` builds it first). What the two people would notice: the author
 * requests a review with automatic assignment; the only eligible reviewer's bell lights
 * up live; the reviewer opens the review from it, watches the author type in the
 * read-only files, requests changes; the author sees that live, edits and re-requests;
 * the reviewer's diff shows only what changed since that verdict, and approves; the
 * author sees the approval live. Nothing is fetched from anywhere but the server.
 *
 * Screenshots go to web/test-results/review-*.png (git-ignored) for a human look.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './testing/browser-harness';
import type { TestServer } from './testing/test-server';

let h: BrowserHarness;
let server: TestServer;
beforeAll(async () => {
  h = await startBrowserHarness('review');
  server = h.server;
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

const shot = (name: string) => h.shot(name);
const newPage = () => h.newPage({ width: 1280, height: 860 });
const signedIn = (username: string) => h.signedIn(username, { width: 1280, height: 860 });

const header = (page: Page) => page.locator('.review-header');
const reviewStatus = (page: Page, status: string) => header(page).locator(`[data-status="${status}"]`).waitFor();
const diffSide = (page: Page, side: 'original' | 'modified') =>
  page.locator(`.monaco-diff-editor .editor.${side} .view-lines`).innerText().then((t) => t.replace(/\u00a0/g, ' '));

describe('code review in a browser', () => {
  let alice: Page;
  let bob: Page;
  let workspaceUrl: string;

  it('a reviewer sets their level in the settings; the author opens a new workspace', async () => {
    [alice, bob] = await Promise.all([signedIn('alice'), signedIn('bob')]);
    await bob.goto(`${server.url}/settings`);
    await bob.getByLabel('2 · Intermediate').check();
    await bob.getByRole('button', { name: 'Save' }).click();
    await bob.getByRole('status').getByText('Saved').waitFor();
    await bob.screenshot({ path: shot('settings') });

    const created = await alice.request.post(`${server.url}/api/workspaces`, { data: { name: 'Feature', language: 'python' }, headers: { origin: server.url } });
    expect(created.status()).toBe(201);
    const { workspace } = (await created.json()) as { workspace: { id: string } };
    workspaceUrl = `${server.url}/workspace?id=${workspace.id}&file=main.py`;
    await alice.goto(workspaceUrl);
    await alice.locator('.monaco-editor .view-lines').getByText('Hello from Tandem').waitFor();
  });

  it("requests a review with automatic assignment, and the reviewer's bell lights up live", async () => {
    await bob.goto(`${server.url}/reviews`);
    await bob.getByRole('tab', { name: /Assigned to me/ }).waitFor();
    await expect(bob.locator('.bell-button').getAttribute('data-unread')).resolves.toBe('0');

    // The dialog is modal: Escape closes it and gives focus back.
    const open = alice.getByRole('button', { name: 'Request review' });
    await open.click();
    const dialog = alice.getByRole('dialog', { name: 'Request review' });
    await dialog.getByLabel('Title').waitFor();
    await alice.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(open.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await open.click();
    await dialog.getByLabel('Title').fill('Add the answer');
    await dialog.getByLabel('Description').fill('Adds the answer to main.py.');
    await dialog.getByLabel('Priority').selectOption('medium');
    await expect(dialog.getByLabel('Automatic').isChecked()).resolves.toBe(true);
    // The directory search shows each reviewer's level and load; Automatic it is, though.
    await dialog.getByLabel('Choose a reviewer').check();
    await dialog.getByLabel('Search reviewers').fill('bo');
    await dialog.locator('[data-reviewer="bob"]').getByText('Intermediate').waitFor();
    await dialog.locator('[data-reviewer="bob"]').getByText('0 open').waitFor();
    await dialog.getByLabel('Automatic').check();
    await alice.screenshot({ path: shot('request-dialog') });
    await dialog.getByRole('button', { name: 'Request review' }).click();
    await dialog.waitFor({ state: 'detached' });
    await alice.getByTestId('open-review').getByText('Pending').waitFor();

    // No reload: the /notifications socket brought it.
    await bob.locator('.bell-button[data-unread="1"]').waitFor();
    await bob.screenshot({ path: shot('bell') });
  });

  it('the reviewer opens the review from the bell and watches the author type, read-only', async () => {
    await bob.locator('.bell-button').click();
    await bob.locator('[data-notification="review_assigned"]').click();
    await bob.waitForURL('**/review?id=**');
    await expect(header(bob).getByTestId('review-author').innerText()).resolves.toBe('alice');
    await expect(header(bob).getByTestId('review-reviewer').innerText()).resolves.toBe('bob');
    await bob.locator('[data-action="start"]').click();
    await reviewStatus(bob, 'in_review');

    const files = bob.locator('.review-editor .monaco-editor .view-lines');
    await files.getByText('Hello from Tandem').waitFor();
    await alice.locator('.monaco-editor .view-lines').click();
    await alice.keyboard.press('Control+End');
    await alice.keyboard.type('V2_MARK = 2');
    await files.getByText('V2_MARK = 2').waitFor();
    await bob.locator('.yRemoteSelectionHead').first().waitFor();
    await alice.getByTestId('save-state').getByText('Saved').waitFor();

    await files.click();
    await bob.keyboard.type('vandalism');
    expect(await files.innerText()).not.toContain('vandalism');
    await bob.screenshot({ path: shot('reviewer-files') });

    // Not a member, the reviewer opens the workspace itself read-only, and finds the way back.
    await header(bob).getByRole('link', { name: 'Open the workspace' }).click();
    await bob.getByText('Reviewing', { exact: true }).waitFor();
    await bob.locator('.monaco-editor .view-lines').getByText('V2_MARK = 2').waitFor();
    await expect(bob.getByRole('button', { name: 'New terminal' }).count()).resolves.toBe(0);
    await expect(bob.getByRole('button', { name: 'Request review' }).count()).resolves.toBe(0);
    await bob.getByRole('link', { name: 'Back to the review' }).click();
    await bob.waitForURL('**/review?id=**');
    await reviewStatus(bob, 'in_review');
  });

  it('the reviewer requests changes; the author sees it live, edits and re-requests', async () => {
    await bob.getByLabel('Note').fill('Please mark it fixed.');
    await bob.locator('[data-action="request_changes"]').click();
    await reviewStatus(bob, 'changes_requested');
    // The note is in the audit trail itself (the History tab must show it, below).
    const reviewId = new URL(bob.url()).searchParams.get('id');
    const trail = await bob.evaluate(async (id) => {
      const res = await fetch(`/api/reviews/${id}/events`);
      return (await res.json()) as { events: Array<{ kind: string; note: string }> };
    }, reviewId);
    expect(trail.events.filter((e) => e.kind === 'changes_requested').map((e) => e.note)).toEqual(['Please mark it fixed.']);

    await alice.getByTestId('open-review').getByText('Changes requested').waitFor();
    await alice.locator('.monaco-editor .view-lines').click();
    await alice.keyboard.press('Control+End');
    await alice.keyboard.press('Enter');
    await alice.keyboard.type('FIXED_MARK = 3');
    await alice.getByTestId('save-state').getByText('Saved').waitFor();

    await alice.getByTestId('open-review').click();
    await alice.waitForURL('**/review?id=**');
    await alice.locator('[data-action="rerequest"]').click();
    await reviewStatus(alice, 'pending');
  });

  it('the reviewer sees only the changes since the verdict, and approves; the author sees the approval live', async () => {
    // The re-request's notification reloads the review page the reviewer has open.
    await reviewStatus(bob, 'pending');
    await bob.locator('[data-action="start"]').click();
    await reviewStatus(bob, 'in_review');
    // Tabs are tabs: the arrow keys move between them.
    await bob.getByRole('tab', { name: 'Files' }).focus();
    await bob.keyboard.press('ArrowRight');
    await expect(bob.getByRole('tab', { name: 'Changes' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(bob.getByLabel('Changes since').inputValue()).resolves.toBe('last-verdict');
    await bob.locator('[data-change="main.py"]').waitFor();
    await bob.locator('.monaco-diff-editor .editor.modified .view-lines').getByText('FIXED_MARK = 3').waitFor();
    // Monaco's diff (its worker) marks exactly one inserted line.
    const inserted = bob.locator('.monaco-diff-editor .editor.modified .view-overlays .line-insert');
    await inserted.first().waitFor();
    await expect(inserted.count()).resolves.toBe(1);
    // The old side is the text the verdict was given on: V2_MARK is not new any more.
    expect(await diffSide(bob, 'original')).toContain('V2_MARK = 2');
    expect(await diffSide(bob, 'original')).not.toContain('FIXED_MARK');
    await bob.screenshot({ path: shot('changes-since-verdict') });

    // Since the request, both lines are new.
    await bob.getByLabel('Changes since').selectOption('submission');
    await expect.poll(() => diffSide(bob, 'original')).not.toContain('V2_MARK');

    await bob.getByRole('tab', { name: 'History' }).click();
    await bob.locator('[data-event="changes_requested"]').getByText('Please mark it fixed.').waitFor();
    await bob.locator('[data-action="approve"]').click();
    await reviewStatus(bob, 'approved');

    await reviewStatus(alice, 'approved');
    await alice.locator('.bell-button:not([data-unread="0"])').waitFor();
    await alice.locator('.bell-button').click();
    await alice.locator('[data-notification="review_verdict"]').first().waitFor();
    await alice.screenshot({ path: shot('approved') });
    await alice.getByRole('button', { name: 'Mark all read' }).click();
    await alice.locator('.bell-button[data-unread="0"]').waitFor();
  });

  it('lists the review on both dashboards, under the right tab, with its status', async () => {
    await alice.goto(`${server.url}/reviews?tab=author`);
    await alice.locator('tr[data-review="Add the answer"] [data-status="approved"]').waitFor();
    await bob.goto(`${server.url}/reviews`);
    await expect(bob.getByRole('tab', { name: /Assigned to me/ }).getAttribute('aria-selected')).resolves.toBe('true');
    await bob.getByLabel('Status').selectOption('approved');
    await bob.locator('tr[data-review="Add the answer"]').waitFor();
    await bob.getByLabel('Status').selectOption('pending');
    await bob.getByText('No reviews here.').waitFor();
    await bob.screenshot({ path: shot('dashboard') });
  });

  it('fetched nothing from anywhere but the server, and threw no page errors', () => {
    expect(h.offSite).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
}, 60_000);
