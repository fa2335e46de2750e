/**
 * The IDE's layout, Run, presence and following, in a real Chromium against a real
 * server and the local sandbox: Run types the workspace's command for the open file
 * into a Run terminal (button and Ctrl+Enter; .py, .js, .sh; a hostile file name runs
 * that file and nothing else; the owner's configured command is the one used; a
 * viewer has no Run); the sidebar and terminal panel resize by keyboard and by drag,
 * fold away, and keep their sizes over a reload; Ctrl+` folds the terminal; after a
 * resize the pty has the terminal's rows and columns (`stty size`); the breadcrumb
 * shows the path; at 390 px wide nothing overflows and the panels stack; presence
 * names people and their files; bob follows alice across files and to her cursor
 * until he presses Escape.
 *
 * Screenshots for a human look: web/test-results/layout-*.png (git-ignored).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startBrowserHarness, type BrowserHarness } from './testing/browser-harness';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness('layout');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const HOSTILE = `it's a $(touch PWNED) "x" \`touch PWNED\`; -rf.sh`;
const LONG = Array.from({ length: 200 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

/** The visible terminal's rows (xterm draws each row as a div; hidden terminals are not visible). */
const terminalRow = (page: Page, text: RegExp) => page.locator('.term-view:visible .xterm-rows > div').filter({ hasText: text }).first();
/** The text of the editor in front (the others stay mounted, hidden). */
const editorLines = (page: Page) => page.locator('.monaco-editor:visible .view-lines');
const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });
const separator = (page: Page, name: string) => page.getByRole('separator', { name });
const valueNow = async (page: Page, name: string) => Number(await separator(page, name).getAttribute('aria-valuenow'));

describe('the IDE layout, Run and following', () => {
  let alice: Page;
  let bob: Page;
  let carol: Page;
  let wsId: string;
  const url = (file?: string) => `${h.server.url}/workspace?id=${wsId}${file ? `&file=${encodeURIComponent(file)}` : ''}`;
  const put = async (path: string, text: string) => {
    const res = await alice.request.put(`${h.server.url}/api/workspaces/${wsId}/files/${path.split('/').map(encodeURIComponent).join('/')}`, {
      data: text, headers: { 'content-type': 'text/plain', origin: h.server.url },
    });
    expect(res.status()).toBeLessThan(300);
  };
  const openFile = async (page: Page, path: string) => {
    await page.locator(`[data-path="${path}"]`).click();
    await page.locator('.editor-tab[aria-selected="true"]', { hasText: path.split('/').pop()! }).waitFor();
  };

  it('shows the dashboard with the workspace, then opens it with a breadcrumb of the path', async () => {
    [alice, bob, carol] = await Promise.all([h.signedIn('alice'), h.signedIn('bob'), h.signedIn('carol')]);
    const created = await alice.request.post(`${h.server.url}/api/workspaces`, { data: { name: 'Layout' }, headers: { origin: h.server.url } });
    wsId = (await created.json()).workspace.id;
    for (const [username, role] of [['bob', 'editor'], ['carol', 'viewer']]) {
      const res = await alice.request.post(`${h.server.url}/api/workspaces/${wsId}/members`, { data: { username, role }, headers: { origin: h.server.url } });
      expect(res.status()).toBe(201);
    }
    await put('main.py', 'print("RUN-PY", 6 * 7)\n');
    await put('hello.js', 'console.log("RUN-JS", 2 + 3)\n');
    await put('tools/check.sh', 'echo "RUN-SH $((3 * 3))"\n');
    await put('src/lib/util.py', 'VALUE = 1\n');
    await put(HOSTILE, 'echo "HOSTILE-RAN:$0"\n');
    await put('long.py', LONG);

    await alice.goto(h.server.url);
    await alice.locator('tr[data-workspace="Layout"]').waitFor();
    await alice.screenshot({ path: h.shot('dashboard') });

    await alice.goto(url('src/lib/util.py'));
    await editorLines(alice).getByText('VALUE = 1').waitFor();
    expect(await alice.getByTestId('breadcrumb').locator('.crumb').allInnerTexts()).toEqual(['src', 'lib', 'util.py']);
    await openFile(alice, 'main.py');
    expect(await alice.getByTestId('breadcrumb').locator('.crumb').allInnerTexts()).toEqual(['main.py']);
  });

  it('runs main.py with the Run button in a Run terminal that everyone sees', async () => {
    await runButton(alice).click();
    await terminalRow(alice, /^RUN-PY\s42\s*$/).waitFor({ timeout: 30_000 });
    await alice.locator('.term-tab[aria-selected="true"]', { hasText: 'Run' }).waitFor();
    // A collaborator sees the same terminal and its output.
    await bob.goto(url('main.py'));
    await terminalRow(bob, /^RUN-PY\s42\s*$/).waitFor({ timeout: 15_000 });
  });

  it('runs a .js file with Ctrl+Enter and a .sh file in a folder, reusing the one Run terminal', async () => {
    await openFile(alice, 'hello.js');
    await editorLines(alice).click();
    await alice.keyboard.press('Control+Enter');
    await terminalRow(alice, /^RUN-JS\s5\s*$/).waitFor({ timeout: 15_000 });
    // Ctrl+Enter ran the file; Monaco did not also insert a line.
    const js = await alice.request.get(`${h.server.url}/api/workspaces/${wsId}/files/hello.js`);
    expect(await js.text()).toBe('console.log("RUN-JS", 2 + 3)\n');
    await openFile(alice, 'tools/check.sh');
    await runButton(alice).click();
    await terminalRow(alice, /^RUN-SH\s9\s*$/).waitFor({ timeout: 15_000 });
    await expect(alice.locator('.term-tab', { hasText: /^Run/ }).count()).resolves.toBe(1);
  });

  it('runs a file named with spaces, quotes, $(...), backticks and a leading-dash word as that file, and nothing else', async () => {
    await alice.goto(url(HOSTILE));
    await alice.getByTestId('breadcrumb').getByText(HOSTILE).waitFor();
    await runButton(alice).click();
    // The Run terminal is remembered over the reload.
    await terminalRow(alice, /^HOSTILE-RAN:/).waitFor({ timeout: 15_000 });
    expect((await terminalRow(alice, /^HOSTILE-RAN:/).innerText()).replace(/\u00a0/g, ' ')).toContain(`HOSTILE-RAN:./${HOSTILE}`);
    await expect(alice.locator('.term-tab', { hasText: /^Run/ }).count()).resolves.toBe(1);
    await alice.locator('.term-view:visible').click();
    await alice.keyboard.type('test -e PWNED && echo PWNED-EXISTS || echo NO-PWN""ED\n');
    await terminalRow(alice, /^NO-PWNED\s*$/).waitFor({ timeout: 15_000 });
    await expect(alice.locator('[data-path="PWNED"]').count()).resolves.toBe(0);
  });

  it("uses the workspace's run command as its owner configured it", async () => {
    await openFile(alice, 'main.py');
    await alice.getByRole('button', { name: 'Run commands' }).click();
    await alice.getByLabel(/One per line/).fill('py: echo CONFIGURED-RUN {file}\njs: node {file}');
    await alice.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await alice.getByRole('dialog').waitFor({ state: 'detached' });
    const settings = await (await alice.request.get(`${h.server.url}/api/workspaces/${wsId}/settings`)).json();
    expect(settings.settings.runCommands).toEqual({ py: 'echo CONFIGURED-RUN {file}', js: 'node {file}' });
    // Bob's page loaded before the change; Run reads the commands afresh.
    await runButton(bob).click();
    await terminalRow(bob, /^CONFIGURED-RUN\s\.\/main\.py\s*$/).waitFor({ timeout: 15_000 });
    // .sh is no longer configured: Run says so instead of running.
    await openFile(alice, 'tools/check.sh');
    await expect(runButton(alice).isDisabled()).resolves.toBe(true);
    await alice.getByTestId('run-reason').getByText('No run command for .sh files').waitFor();
    const restore = await alice.request.put(`${h.server.url}/api/workspaces/${wsId}/settings`, {
      data: { runCommands: { py: 'python3 {file}', js: 'node {file}', sh: 'bash {file}' } }, headers: { origin: h.server.url },
    });
    expect(restore.status()).toBe(200);
    // Only the owner sees the settings.
    await expect(bob.getByRole('button', { name: 'Run commands' }).count()).resolves.toBe(0);
  });

  it('gives a viewer no Run, and says why', async () => {
    await carol.goto(url('main.py'));
    await editorLines(carol).getByText('RUN-PY').waitFor();
    await expect(runButton(carol).isDisabled()).resolves.toBe(true);
    await carol.getByTestId('run-reason').getByText(/viewer cannot run/).waitFor();
    await editorLines(carol).click();
    await carol.keyboard.press('Control+Enter');
    await expect(carol.getByRole('button', { name: 'New terminal' }).count()).resolves.toBe(0);
  });

  it('resizes the sidebar and the terminal panel by keyboard and by drag, folds them, and keeps the sizes over a reload', async () => {
    const sidebar = 'Resize the sidebar';
    const terminal = 'Resize the terminal panel';
    const width = () => alice.locator('#sidebar-panel').evaluate((el) => el.getBoundingClientRect().width);
    const height = () => alice.locator('#terminal-panel').evaluate((el) => el.getBoundingClientRect().height);
    const startWidth = await valueNow(alice, sidebar);
    await separator(alice, sidebar).focus();
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('ArrowRight');
    expect(await valueNow(alice, sidebar)).toBe(startWidth + 32);
    expect(await width()).toBe(startWidth + 32);

    const box = (await separator(alice, sidebar).boundingBox())!;
    await alice.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await alice.mouse.down();
    await alice.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 4 });
    await alice.mouse.up();
    expect(await valueNow(alice, sidebar)).toBe(startWidth + 92);
    expect(await width()).toBe(startWidth + 92);

    const termView = alice.locator('.term-view:visible');
    const rowsBefore = Number(await termView.getAttribute('data-rows'));
    const startHeight = await valueNow(alice, terminal);
    await separator(alice, terminal).focus();
    for (let i = 0; i < 3; i++) await alice.keyboard.press('ArrowUp');
    expect(await valueNow(alice, terminal)).toBe(startHeight + 48);
    const tbox = (await separator(alice, terminal).boundingBox())!;
    await alice.mouse.move(tbox.x + 200, tbox.y + tbox.height / 2);
    await alice.mouse.down();
    await alice.mouse.move(tbox.x + 200, tbox.y + tbox.height / 2 - 80, { steps: 4 });
    await alice.mouse.up();
    expect(await valueNow(alice, terminal)).toBe(startHeight + 128);
    expect(await height()).toBe(startHeight + 128);

    // The terminal refitted: more rows, and the pty was told (stty asks the pty).
    await expect.poll(async () => Number(await termView.getAttribute('data-rows'))).toBeGreaterThan(rowsBefore);
    const rows = await termView.getAttribute('data-rows');
    const cols = await termView.getAttribute('data-cols');
    await termView.click();
    await alice.keyboard.type('clear; stty size\n');
    await terminalRow(alice, new RegExp(`^${rows}\\s${cols}\\s*$`)).waitFor({ timeout: 15_000 });

    // Ctrl+` folds and unfolds the terminal panel; Enter on a divider folds its panel.
    await editorLines(alice).click();
    await alice.keyboard.press('Control+Backquote');
    await alice.locator('#terminal-body').waitFor({ state: 'hidden' });
    await expect(separator(alice, terminal).count()).resolves.toBe(0);
    await alice.keyboard.press('Control+Backquote');
    await alice.locator('#terminal-body').waitFor({ state: 'visible' });
    await separator(alice, sidebar).focus();
    await alice.keyboard.press('Enter');
    await alice.locator('#sidebar-panel').waitFor({ state: 'detached' });
    await alice.getByRole('button', { name: 'Files', exact: true }).click();
    await alice.locator('#sidebar-panel').waitFor();

    await alice.reload();
    await alice.locator('.monaco-editor').first().waitFor();
    expect(await valueNow(alice, sidebar)).toBe(startWidth + 92);
    expect(await valueNow(alice, terminal)).toBe(startHeight + 128);
    expect(await width()).toBe(startWidth + 92);
  });

  it('names the people here and the file each has open', async () => {
    await alice.goto(url('main.py'));
    await bob.goto(url('hello.js'));
    await bob.locator('[data-presence="alice"]').getByText('alice').waitFor();
    await bob.locator('[data-presence-file="alice"]').getByText('main.py', { exact: true }).waitFor();
    await alice.locator('[data-presence-file="bob"]').getByText('hello.js', { exact: true }).waitFor();
  });

  it('lets bob follow alice to another file and to her cursor, until he presses Escape', async () => {
    await bob.locator('[data-presence="alice"]').click();
    await bob.getByTestId('following').getByText('Following alice').waitFor();
    await bob.locator('.editor-tab[aria-selected="true"]', { hasText: 'main.py' }).waitFor();

    await openFile(alice, 'long.py');
    await bob.locator('.editor-tab[aria-selected="true"]', { hasText: 'long.py' }).waitFor();
    await editorLines(alice).click();
    await alice.keyboard.press('Control+End');
    await editorLines(bob).getByText('line 200', { exact: true }).waitFor();
    await alice.keyboard.press('Control+Home');
    await editorLines(bob).getByText('line 1', { exact: true }).waitFor();

    await bob.keyboard.press('Escape');
    await bob.getByTestId('following').waitFor({ state: 'detached' });
    await openFile(alice, 'main.py');
    await bob.locator('[data-presence-file="alice"]').getByText('main.py', { exact: true }).waitFor();
    // Bob's presence list knows alice moved; his view stayed.
    await expect(bob.locator('.editor-tab[aria-selected="true"]').innerText()).resolves.toContain('long.py');
  });

  it('shows two people in one file with their cursors, comments closed and the terminal open', async () => {
    await bob.goto(url('main.py'));
    await editorLines(bob).click();
    await editorLines(alice).click();
    await alice.keyboard.press('Control+End');
    await alice.keyboard.type('# alice was here');
    await bob.keyboard.press('Control+Home');
    await bob.keyboard.type('# bob too\n');
    await alice.locator('.yRemoteSelectionHead').first().waitFor();
    await bob.locator('.yRemoteSelectionHead').first().waitFor();
    for (const page of [alice, bob]) {
      const comments = page.getByRole('button', { name: 'Comments' });
      if ((await comments.getAttribute('aria-pressed')) === 'true') await comments.click();
      await page.locator('.threads-panel').waitFor({ state: 'detached' });
    }
    await terminalRow(alice, /RUN-PY|NO-PWNED|^\d+\s\d+/).waitFor();
    await alice.screenshot({ path: h.shot('split') });
  });

  it('fits 390 px wide: nothing overflows sideways and the panels stack', async () => {
    const narrow = await h.newPage({ width: 390, height: 844 });
    const page = narrow.page;
    await page.request.post(`${h.server.url}/api/auth/login`, { data: { username: 'bob', password: PASSWORD }, headers: { origin: h.server.url } });
    await page.goto(url('src/lib/util.py'));
    await editorLines(page).getByText('VALUE = 1').waitFor();
    await page.locator('.term-tabs').waitFor();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
    const [side, editor, term] = [await box('#sidebar-panel'), await box('.editor-column'), await box('#terminal-panel')];
    expect(side.y + side.height).toBeLessThanOrEqual(editor.y + 1);
    expect(editor.y + editor.height).toBeLessThanOrEqual(term.y + 1);
    for (const b of [side, editor, term]) expect(b.width).toBeGreaterThan(300);
    await page.screenshot({ path: h.shot('narrow-390'), fullPage: true });
    await page.screenshot({ path: h.shot('narrow-390-top') });
    await narrow.context.close();
  });

  it('fetched nothing from anywhere but the server, and threw no page errors', () => {
    expect(h.offSite).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
}, 90_000);
