/**
 * The IDE in a real Chromium against a real server (the built static export in
 * web/out, which `npm test` builds first with `npm run build:web`). What a person
 * would notice: signing up lands on the workspace list; a new workspace shows its
 * starter file; typing appears live in a collaborator's editor with the author's
 * named cursor, and is reported "Saved" once the server committed it; a viewer
 * cannot change the text; each person's Ctrl+Z undoes only their own edits; Ctrl+S
 * never reaches the browser; a terminal runs a command whose file shows up in the tree;
 * files and folders are created, moved, renamed and deleted from the tree;
 * and nothing is fetched from anywhere but the server (Monaco works offline).
 *
 * Screenshots go to web/test-results/ide-*.png (git-ignored) for a human look.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startBrowserHarness, type BrowserHarness } from './testing/browser-harness';
import type { TestServer } from './testing/test-server';

let h: BrowserHarness;
let server: TestServer;
beforeAll(async () => {
  h = await startBrowserHarness('ide');
  server = h.server;
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

const shot = (name: string) => h.shot(name);
const newPage = () => h.newPage({ width: 1280, height: 800 });
const signedIn = (username: string) => h.signedIn(username, { width: 1280, height: 800 });

/** Monaco draws lines as spans with non-breaking spaces; this reads them as text. */
const editorText = (page: Page) => page.locator('.monaco-editor .view-lines').innerText().then((t) => t.replace(/\u00a0/g, ' '));

describe('the IDE in a browser', () => {
  let alice: Page;
  let bob: Page;
  let carol: Page;
  let workspaceUrl: string;

  it('signs a new person up and lands on their (empty) workspace list', async () => {
    ({ page: alice } = await newPage());
    await alice.goto(server.url);
    await alice.waitForURL('**/login**');
    await alice.getByRole('tab', { name: 'Create account' }).click();
    await alice.getByLabel('Username').fill('alice');
    await alice.getByLabel('Email').fill('alice@example.com');
    await alice.getByLabel('Password').fill(PASSWORD);
    await alice.getByRole('button', { name: 'Create account' }).click();
    await alice.getByText('No workspaces yet').waitFor();
    expect(new URL(alice.url()).pathname).toBe('/');
  });

  it('creates a workspace, adds an editor and a viewer, and opens it on main.py', async () => {
    [bob, carol] = await Promise.all([signedIn('bob'), signedIn('carol')]);
    await alice.getByLabel('Workspace name').fill('Pairing');
    await alice.getByRole('button', { name: 'Create' }).click();
    const row = alice.locator('tr[data-workspace="Pairing"]');
    await row.getByRole('button', { name: 'Members' }).click();
    for (const [name, role] of [['bob', 'editor'], ['carol', 'viewer']] as const) {
      await row.getByLabel('Username to add').fill(name);
      await row.getByLabel('Role', { exact: true }).selectOption(role);
      await row.getByRole('button', { name: 'Add member' }).click();
      await row.locator(`tr[data-member="${name}"]`).waitFor();
    }
    await alice.screenshot({ path: shot('workspaces') });
    await row.getByRole('link', { name: 'Pairing' }).click();
    await alice.locator('[data-path="main.py"]').waitFor();
    await alice.locator('.monaco-editor .view-lines').getByText('Hello from Tandem').waitFor();
    workspaceUrl = alice.url();
    expect(new URL(workspaceUrl).searchParams.get('file')).toBe('main.py');
  });

  it('shows typing live in a collaborator’s editor, with the author’s named cursor, and says Saved once committed', async () => {
    await bob.goto(workspaceUrl);
    await bob.locator('.monaco-editor .view-lines').getByText('Hello from Tandem').waitFor();
    await alice.locator('.monaco-editor .view-lines').click();
    await alice.keyboard.press('Control+End');
    await alice.keyboard.type('answer = 6 * 7');
    await bob.locator('.monaco-editor .view-lines').getByText('answer = 6 * 7').waitFor();
    expect(await editorText(bob)).toContain('print("Hello from Tandem")');

    const head = bob.locator('.yRemoteSelectionHead').first();
    await head.waitFor();
    expect(await head.evaluate((el) => getComputedStyle(el, '::after').content)).toBe('"alice"');
    await alice.getByTestId('save-state').getByText('Saved').waitFor();
    // And the server has the text: the file read back over the HTTP API.
    const wsId = new URL(workspaceUrl).searchParams.get('id')!;
    const file = await alice.request.get(`${server.url}/api/workspaces/${wsId}/files/main.py`);
    expect(await file.text()).toContain('answer = 6 * 7');
    await bob.locator('[data-presence="alice"]').waitFor();
    await bob.screenshot({ path: shot('collaborator') });
  });

  it('undoes only your own edits: each person\'s Ctrl+Z takes back exactly their last edit, redo brings it back', async () => {
    const wsId = new URL(workspaceUrl).searchParams.get('id')!;
    const put = await alice.request.put(`${server.url}/api/workspaces/${wsId}/files/undo.txt`, {
      data: 'line one\n', headers: { 'content-type': 'text/plain', origin: server.url },
    });
    expect(put.status()).toBeLessThan(300);
    const fileText = async () => (await alice.request.get(`${server.url}/api/workspaces/${wsId}/files/undo.txt`)).text();
    const url = `${server.url}/workspace?id=${wsId}&file=undo.txt`;
    await Promise.all([alice.goto(url), bob.goto(url)]);
    for (const page of [alice, bob]) await page.locator('.monaco-editor .view-lines').getByText('line one').waitFor();

    await alice.locator('.monaco-editor .view-lines').click();
    await alice.keyboard.press('Control+End');
    await alice.keyboard.type('ALICE-EDIT');
    await bob.locator('.monaco-editor .view-lines').getByText('ALICE-EDIT').waitFor();
    await bob.locator('.monaco-editor .view-lines').click();
    await bob.keyboard.press('Control+Home');
    await bob.keyboard.type('BOB-EDIT');
    // "EDIT" is a word of the file: once the editor worker is up, a word suggestion may be
    // showing, and Enter would accept it instead of breaking the line.
    await bob.keyboard.press('Escape');
    await bob.keyboard.press('Enter');
    await expect.poll(fileText).toBe('BOB-EDIT\nline one\nALICE-EDIT');
    await alice.locator('.monaco-editor .view-lines').getByText('BOB-EDIT').waitFor();

    // Before, Monaco's own stack left `BOB-EDLICE-EDIT` here.
    await alice.keyboard.press('Control+z');
    await expect.poll(fileText).toBe('BOB-EDIT\nline one\n');
    await alice.keyboard.press('Control+Shift+z');
    await expect.poll(fileText).toBe('BOB-EDIT\nline one\nALICE-EDIT');
    await bob.locator('.monaco-editor .view-lines').getByText('ALICE-EDIT').waitFor();
    await bob.keyboard.press('Control+z');
    await expect.poll(fileText).toBe('line one\nALICE-EDIT');
    await bob.keyboard.press('Control+y');
    await expect.poll(fileText).toBe('BOB-EDIT\nline one\nALICE-EDIT');
    // Each cursor is where that person's change was: after the redone text.
    await alice.keyboard.type('!');
    await bob.keyboard.type('?');
    await expect.poll(fileText).toBe('BOB-EDIT\n?line one\nALICE-EDIT!');
  });

  it('takes Ctrl+S from the browser: no "Save page as", and the status bar says Saved once committed', async () => {
    const downloads: string[] = [];
    const dialogs: string[] = [];
    const onDownload = (d: { suggestedFilename(): string }) => downloads.push(d.suggestedFilename());
    const onDialog = (d: { message(): string; dismiss(): Promise<void> }) => {
      dialogs.push(d.message());
      void d.dismiss();
    };
    alice.on('download', onDownload);
    alice.on('dialog', onDialog);
    try {
      // Listens last (window, bubble phase): sees whether the IDE kept the browser from acting on the key.
      await alice.evaluate(() => {
        window.addEventListener('keydown', (e) => {
          if (e.key === 's' && e.ctrlKey) (window as unknown as { saveKeyPrevented: boolean }).saveKeyPrevented = e.defaultPrevented;
        });
      });
      await alice.keyboard.type(' saved');
      await alice.keyboard.press('Control+s');
      await alice.locator('[data-testid="save-state"].save-confirm').getByText(/Saved|Saving/).waitFor();
      await alice.getByTestId('save-state').getByText('Saved').waitFor();
      const wsId = new URL(workspaceUrl).searchParams.get('id')!;
      expect(await (await alice.request.get(`${server.url}/api/workspaces/${wsId}/files/undo.txt`)).text()).toContain('ALICE-EDIT! saved');
      expect(await alice.evaluate(() => (window as unknown as { saveKeyPrevented?: boolean }).saveKeyPrevented)).toBe(true);
      await alice.waitForTimeout(500);
    } finally {
      alice.off('download', onDownload);
      alice.off('dialog', onDialog);
    }
    expect(downloads).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it("keeps a viewer's editor read-only", async () => {
    await carol.goto(workspaceUrl);
    await carol.locator('.monaco-editor .view-lines').getByText('answer = 6 * 7').waitFor();
    await carol.locator('[data-role="viewer"]').waitFor();
    await carol.locator('.monaco-editor .view-lines').click();
    await carol.keyboard.type('vandalism');
    await carol.screenshot({ path: shot('viewer') });
    expect(await editorText(carol)).not.toContain('vandalism');
    expect(await editorText(alice)).not.toContain('vandalism');
    await expect(carol.getByRole('button', { name: 'New terminal' }).count()).resolves.toBe(0);
  });

  it('runs a command in a terminal, and the file it creates appears in everyone’s tree', async () => {
    await alice.getByRole('button', { name: 'New terminal' }).click();
    const terminal = alice.locator('.xterm');
    await terminal.waitFor({ timeout: 20_000 });
    await alice.locator('[data-env="ready"]').waitFor({ timeout: 20_000 });
    await terminal.click();
    await alice.keyboard.type('echo hello > made.txt && cat made.txt\n');
    await alice.locator('.xterm-rows').getByText(/^hello\s*$/).waitFor({ timeout: 15_000 });
    await alice.locator('[data-path="made.txt"]').waitFor({ timeout: 15_000 });
    await bob.locator('[data-path="made.txt"]').waitFor({ timeout: 15_000 });
    // The collaborator sees the shared terminal and its output too.
    await bob.locator('.xterm-rows').getByText(/^hello\s*$/).waitFor({ timeout: 15_000 });
    await alice.screenshot({ path: shot('terminal') });
  });

  it('creates, moves, renames and deletes files and folders from the tree, for everyone', async () => {
    const row = (path: string) => alice.locator(`[data-path="${path}"]`);
    await alice.getByRole('button', { name: 'New file' }).click();
    await alice.getByLabel('New file name').fill('notes.md');
    await alice.getByLabel('New file name').press('Enter');
    await row('notes.md').waitFor();
    await alice.locator('.editor-tab', { hasText: 'notes.md' }).waitFor();
    await alice.getByRole('button', { name: 'New folder' }).click();
    await alice.getByLabel('New folder name').fill('docs');
    await alice.getByLabel('New folder name').press('Enter');
    await row('docs').waitFor();

    await row('notes.md').hover();
    await alice.getByRole('button', { name: 'Move notes.md' }).click();
    await alice.getByLabel('Move notes.md to').selectOption({ label: 'docs' });
    await row('docs/notes.md').waitFor();
    await row('docs/notes.md').hover();
    await alice.getByRole('button', { name: 'Rename notes.md' }).click();
    await alice.getByLabel('Rename notes.md').fill('guide.md');
    await alice.getByLabel('Rename notes.md').press('Enter');
    await row('docs/guide.md').waitFor();
    await bob.locator('[data-path="docs/guide.md"]').waitFor();
    await alice.screenshot({ path: shot('tree') });

    await row('docs').hover();
    await alice.getByRole('button', { name: 'Delete docs' }).click();
    // The IDE's own confirmation (a modal dialog), no longer the browser's confirm().
    const confirm = alice.getByRole('dialog', { name: 'Delete' });
    await confirm.getByText('Delete the folder docs and everything in it?').waitFor();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await bob.locator('[data-path="docs"]').waitFor({ state: 'detached' });
    await expect(row('docs/guide.md').count()).resolves.toBe(0);
    // The deleted file's tab closed with it.
    await expect(alice.locator('.editor-tab', { hasText: 'guide.md' }).count()).resolves.toBe(0);
  });

  it('fetched nothing from anywhere but the server, and threw no page errors', () => {
    expect(h.offSite).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
}, 60_000);
