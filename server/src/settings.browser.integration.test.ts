/**
 * Settings in a real Chromium against a real server (the built IDE in web/out): the
 * theme changes the page and Monaco at once, is kept on the server and is there again
 * after a reload, applied before the app's code runs (no dark flash on a light page);
 * `system` follows the display live; a token created on the page authenticates an API
 * call and stops working once revoked there; the password changes given the current
 * one (a wrong one is said so) and other sessions end; the email changes; vim mode
 * edits a file and shows its mode under the editor.
 *
 * Screenshots: web/test-results/settings-*.png (the IDE in the light and high-contrast
 * themes, the settings page).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startBrowserHarness, type BrowserHarness } from './testing/browser-harness';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness('settings');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const themeOf = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('data-theme'));
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
/** Monaco puts its theme's base (`vs`, `vs-dark`, `hc-black`) on the editor's element as a class. */
const monacoThemeClass = (page: Page) =>
  page.locator('.monaco-editor').first().evaluate((el) => ['vs', 'vs-dark', 'hc-black', 'hc-light'].find((c) => el.classList.contains(c)) ?? el.className);
const editorText = (page: Page) => page.locator('.monaco-editor .view-lines').innerText().then((t) => t.replace(/\u00a0/g, ' '));

async function workspaceOf(page: Page, name: string, language: string): Promise<string> {
  const res = await page.request.post(`${h.server.url}/api/workspaces`, { data: { name, language }, headers: { origin: h.server.url } });
  expect(res.status()).toBe(201);
  return (await res.json()).workspace.id as string;
}

async function openSettings(page: Page): Promise<void> {
  await page.goto(`${h.server.url}/settings`);
  await page.getByRole('heading', { name: 'Editor' }).waitFor();
}

describe('settings in a browser', () => {
  let ada: Page;
  let workspaceUrl: string;

  beforeAll(async () => {
    ada = await h.signedIn('ada');
    // The display is dark, so `system` (the default) is dark and Light is a visible change.
    await ada.emulateMedia({ colorScheme: 'dark' });
    // What <html> says when the page's own scripts have not run yet (the boot script has).
    await ada.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        (window as unknown as { firstTheme: string | null }).firstTheme = document.documentElement.getAttribute('data-theme');
      });
    });
    const id = await workspaceOf(ada, 'Themes', 'typescript');
    workspaceUrl = `${h.server.url}/workspace?id=${id}&file=main.ts`;
  }, 60_000);

  it('switches the page and Monaco to light at once, keeps it on the server, and is light again after a reload', async () => {
    await openSettings(ada);
    expect(await themeOf(ada)).toBe('dark');
    await ada.getByLabel('Light', { exact: true }).check();
    await expect.poll(() => themeOf(ada)).toBe('light');
    expect(await background(ada)).toBe('rgb(245, 246, 248)');
    await ada.getByRole('status').getByText('Saved').waitFor();

    await ada.goto(workspaceUrl);
    await ada.locator('.monaco-editor .view-lines').getByText('Hello from Tandem').waitFor();
    expect(await monacoThemeClass(ada)).toBe('vs');
    expect(await themeOf(ada)).toBe('light');

    await ada.reload();
    await ada.locator('.monaco-editor .view-lines').getByText('Hello from Tandem').waitFor();
    expect(await ada.evaluate(() => (window as unknown as { firstTheme: string | null }).firstTheme)).toBe('light');
    expect(await monacoThemeClass(ada)).toBe('vs');
    expect(await background(ada)).toBe('rgb(245, 246, 248)');
    await ada.screenshot({ path: h.shot('light-ide') });

    // Kept per user on the server: a browser that never saw it gets it from the server.
    const elsewhere = await h.newPage();
    await elsewhere.context.addCookies(await ada.context().cookies());
    await elsewhere.page.emulateMedia({ colorScheme: 'dark' });
    await elsewhere.page.goto(workspaceUrl);
    await elsewhere.page.locator('.monaco-editor .view-lines').getByText('Hello from Tandem').waitFor();
    await expect.poll(() => themeOf(elsewhere.page)).toBe('light');
    expect(await monacoThemeClass(elsewhere.page)).toBe('vs');
    await elsewhere.context.close();
  });

  it('applies high contrast to the chrome and Monaco, and system follows the display live', async () => {
    await openSettings(ada);
    await ada.getByLabel('High contrast').check();
    await expect.poll(() => themeOf(ada)).toBe('high-contrast');
    await ada.getByRole('status').getByText('Saved').waitFor();
    await ada.goto(workspaceUrl);
    await ada.locator('.monaco-editor .view-lines').getByText('Hello from Tandem').waitFor();
    expect(await monacoThemeClass(ada)).toBe('hc-black');
    expect(await background(ada)).toBe('rgb(0, 0, 0)');
    await ada.screenshot({ path: h.shot('high-contrast-ide') });

    await openSettings(ada);
    await ada.getByLabel('System').check();
    await ada.getByRole('status').getByText('Saved').waitFor();
    expect(await themeOf(ada)).toBe('dark');
    await ada.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => themeOf(ada)).toBe('light');
    await ada.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => themeOf(ada)).toBe('dark');
  });

  it('creates a token shown once, which authenticates an API call, and revokes it after a confirmation', async () => {
    await openSettings(ada);
    await ada.getByLabel('Token name').fill('ci script');
    await ada.getByRole('button', { name: 'Create token' }).click();
    await ada.getByText('this token will not be shown again').waitFor();
    const token = await ada.getByLabel('Value of token ci script').inputValue();
    expect(token).toMatch(/^tdm_[A-Za-z0-9_-]{43}$/);
    await ada.getByRole('button', { name: 'Copy' }).click();
    await ada.getByRole('status').filter({ hasText: /Copied|Selected/ }).waitFor();

    const apiCall = () => fetch(`${h.server.url}/api/workspaces`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await apiCall()).toBe(200);
    // Its use is listed (recorded without holding the request up: wait for it).
    await expect.poll(async () => {
      await ada.reload();
      return ada.locator('tr[data-token="ci script"] td').nth(2).innerText();
    }, { timeout: 15_000 }).not.toBe('Never');
    await ada.screenshot({ path: h.shot('tokens') });
    // Not shown again once the page is reloaded.
    expect(await ada.getByLabel('Value of token ci script').count()).toBe(0);

    await ada.getByRole('button', { name: 'Revoke ci script' }).click();
    await ada.getByRole('button', { name: 'Yes, revoke ci script' }).click();
    await ada.getByText('No tokens yet.').waitFor();
    expect(await apiCall()).toBe(401);
  });

  it('changes the email, and says so when another account has it', async () => {
    await h.signedIn('bea');
    await openSettings(ada);
    await ada.getByLabel('Email').fill('bea@example.com');
    await ada.getByRole('button', { name: 'Change email' }).click();
    await ada.getByRole('alert').getByText('Another account has that email.').waitFor();
    await ada.getByLabel('Email').fill('ada.new@example.com');
    await ada.getByRole('button', { name: 'Change email' }).click();
    await ada.getByRole('status').getByText('Email changed').waitFor();
    await ada.reload();
    await expect.poll(() => ada.getByLabel('Email').inputValue()).toBe('ada.new@example.com');
    expect(await ada.getByLabel('Username').inputValue()).toBe('ada');
    expect(await ada.getByLabel('Username').getAttribute('readonly')).not.toBeNull();
  });

  it('changes the password given the current one, saying what is wrong, and signs out the other sessions', async () => {
    const other = await h.newPage();
    const login = (password: string) => other.context.request.post(`${h.server.url}/api/auth/login`, { data: { username: 'ada', password } });
    expect((await login(PASSWORD)).status()).toBe(200);

    await openSettings(ada);
    const fill = async (current: string, next: string, confirm: string) => {
      await ada.getByLabel('Current password').fill(current);
      await ada.getByLabel('New password', { exact: true }).fill(next);
      await ada.getByLabel('Confirm new password').fill(confirm);
      await ada.getByRole('button', { name: 'Change password' }).click();
    };
    await fill(PASSWORD, 'a brand new password', 'a brand new passwore');
    await ada.getByRole('alert').getByText('differ').waitFor();
    await fill('not my password', 'a brand new password', 'a brand new password');
    await ada.getByRole('alert').getByText('The current password is wrong.').waitFor();
    await fill(PASSWORD, 'a brand new password', 'a brand new password');
    await ada.getByRole('status').getByText('Your other sessions were signed out; this one stays signed in.').waitFor();

    expect((await other.context.request.get(`${h.server.url}/api/auth/me`)).status()).toBe(401);
    expect((await ada.request.get(`${h.server.url}/api/auth/me`)).status()).toBe(200);
    expect((await login(PASSWORD)).status()).toBe(401);
    expect((await login('a brand new password')).status()).toBe(200);
    await other.context.close();
  });

  it('edits in vim mode: Escape, d, d deletes a line, and the mode shows under the editor', async () => {
    await openSettings(ada);
    await ada.getByLabel('Vim mode').check();
    await ada.getByRole('status').getByText('Saved').waitFor();
    await ada.goto(workspaceUrl);
    await ada.locator('.monaco-editor .view-lines').getByText('Hello from Tandem').waitFor();
    const status = ada.getByLabel('Vim status');
    await status.waitFor();
    await ada.locator('.monaco-editor .view-lines').click();
    await ada.keyboard.press('i');
    await status.getByText('--INSERT--').waitFor();
    await ada.keyboard.press('Escape');
    await status.getByText('--NORMAL--').waitFor();
    await ada.keyboard.press('g');
    await ada.keyboard.press('g');
    await ada.keyboard.press('d');
    await expect.poll(() => status.innerText()).toContain('d');
    await ada.keyboard.press('d');
    await expect.poll(() => editorText(ada)).not.toContain('Hello from Tandem');
    expect(await editorText(ada)).toContain('console.log(greeting);');
    await ada.screenshot({ path: h.shot('vim') });
    // The edit went through the document like any other (Yjs to the server).
    const id = new URL(workspaceUrl).searchParams.get('id');
    await expect.poll(async () => (await ada.request.get(`${h.server.url}/api/workspaces/${id}/files/main.ts`)).text(), { timeout: 10_000 }).toBe('console.log(greeting);\n');

    // Off again: the status line goes and keys type text.
    await openSettings(ada);
    await ada.getByLabel('Vim mode').uncheck();
    await ada.getByRole('status').getByText('Saved').waitFor();
    await ada.goto(workspaceUrl);
    await ada.locator('.monaco-editor .view-lines').getByText('console.log').waitFor();
    expect(await ada.getByLabel('Vim status').isVisible()).toBe(false);
  });

  it('left no page errors and fetched nothing off the server', () => {
    expect(h.pageErrors).toEqual([]);
    expect(h.offSite).toEqual([]);
  });
});
