/**
 * The file tree (issue 12) in a real Chromium against a real server (the built IDE in
 * web/out). What a person would notice:
 * - alice drives the tree by keyboard alone: a file and a folder made from the context
 *   menu, F2 renames, Ctrl+X / Ctrl+V moves, Enter opens, Delete (confirmed) deletes;
 *   bob sees each change in his tree;
 * - bob has the file open meanwhile: his tab follows the rename and the move and says
 *   who did it, and when alice deletes it the tab stays, "Deleted by alice", read-only,
 *   with its text;
 * - several rows selected (Shift+arrows) go in one confirmed delete;
 * - drag and drop moves into a folder and back to the top level, and a drop the server
 *   would refuse (a name taken, a folder into itself) is refused on screen, saying why;
 * - the context menu works by keyboard (arrows, Escape), copies a path, downloads a file;
 * - a viewer moves around and opens files but is offered no change, and the server
 *   refuses one sent anyway.
 * Screenshots: web/test-results/tree-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './testing/browser-harness';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness('tree');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const VIEWPORT = { width: 1280, height: 800 };
const row = (page: Page, path: string) => page.locator(`[data-path="${path}"]`);
const item = (page: Page, name: string) => page.getByRole('treeitem', { name, exact: true });
/** The accessible name of the focused element when it is a tree item; null otherwise. */
const focusedItem = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  return el?.getAttribute('role') === 'treeitem' ? el.getAttribute('aria-label') : null;
});
/**
 * Ctrl+Shift+E, then wait until a tree item has the focus and a frame has been drawn.
 * A type-ahead key pressed in the same few milliseconds was sometimes ignored (1 run in
 * 3 here, and in CI); with a frame between them it never was. Known gap: a key typed that
 * fast after the shortcut can be lost.
 */
async function focusTree(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+E');
  await expect.poll(() => focusedItem(page)).not.toBeNull();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}
/**
 * A drop the tree refuses on screen (nothing is sent), until it says `text`: Playwright's
 * emulated drag now and then lands no drop at all (a run in 8 here), and repeating a
 * refused drop changes nothing.
 */
async function dropUntilSaid(page: Page, from: string, to: string, text: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.dragAndDrop(from, to);
    const said = await treeAlert(page).getByText(text).waitFor({ timeout: 5_000 }).then(() => true, () => false);
    if (said) return;
    if (attempt === 3) throw new Error(`three drops from ${from} to ${to}, and the tree never said "${text}"`);
  }
}
const selectedNames = (page: Page) => page.locator('[role="treeitem"][aria-selected="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
const editorText = (page: Page, path: string) =>
  page.locator(`[data-editor-path="${path}"] .view-lines`).innerText().then((t) => t.replace(/\u00a0/g, ' '));
/** The tree's own status line (the page has other live regions, such as Next's route announcer). */
const treeAlert = (page: Page) => page.locator('.sidebar [role="alert"]');
const treeNote = (page: Page) => page.locator('.sidebar [role="status"]');
const tab = (page: Page, name: string) => page.locator('.editor-tab', { has: page.locator('.tab-name', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }) });

describe('the file tree in a browser', () => {
  let alice: Page;
  let bob: Page;
  let carol: Page;
  let wsId: string;
  let url: string;
  const origin = () => ({ origin: h.server.url });
  const put = async (path: string, text: string) => {
    const res = await alice.request.put(`${h.server.url}/api/workspaces/${wsId}/files/${path}`, { data: text, headers: { ...origin(), 'content-type': 'text/plain' } });
    expect(res.status()).toBeLessThan(300);
  };
  const paths = async () => {
    const res = await alice.request.get(`${h.server.url}/api/workspaces/${wsId}/items`);
    return ((await res.json()) as { items: Array<{ path: string }> }).items.map((i) => i.path).sort();
  };

  it('opens one workspace for an owner, an editor and a viewer', async () => {
    [alice, bob, carol] = await Promise.all([h.signedIn('alice', VIEWPORT), h.signedIn('bob', VIEWPORT), h.signedIn('carol', VIEWPORT)]);
    const created = await alice.request.post(`${h.server.url}/api/workspaces`, { data: { name: 'Tree', language: 'python' }, headers: origin() });
    wsId = ((await created.json()) as { workspace: { id: string } }).workspace.id;
    for (const [username, role] of [['bob', 'editor'], ['carol', 'viewer']] as const) {
      const res = await alice.request.post(`${h.server.url}/api/workspaces/${wsId}/members`, { data: { username, role }, headers: origin() });
      expect(res.status()).toBe(201);
    }
    url = `${h.server.url}/workspace?id=${wsId}&file=main.py`;
    await Promise.all([alice.goto(url), bob.goto(url)]);
    for (const page of [alice, bob]) await page.locator('[data-editor-path="main.py"] .view-lines').getByText('Hello from Tandem').waitFor();
    await expect(alice.getByRole('tree', { name: 'Files' }).count()).resolves.toBe(1);
  });

  it('creates a file from the context menu by keyboard alone, and a collaborator sees it', async () => {
    // From the editor, Ctrl+Shift+E goes to the tree, on the open file's row.
    await alice.locator('[data-editor-path="main.py"] .view-lines').click();
    await alice.keyboard.press('Control+Shift+E');
    await expect.poll(() => focusedItem(alice)).toBe('main.py');
    await alice.keyboard.press('Shift+F10');
    const menu = alice.getByRole('menu', { name: 'Actions for main.py' });
    await menu.waitFor();
    await expect.poll(() => alice.evaluate(() => document.activeElement?.textContent)).toBe('New file');
    await alice.keyboard.press('Enter');
    await alice.getByLabel('New file name').waitFor();
    await alice.keyboard.type('notes.md');
    await alice.keyboard.press('Enter');
    await row(bob, 'notes.md').waitFor();
    await tab(alice, 'notes.md').waitFor();
    // Bob opens it and writes in it: the tab the next steps are about.
    await row(bob, 'notes.md').click();
    await bob.locator('[data-editor-path="notes.md"] .view-lines').click();
    await bob.keyboard.type('bob was here');
    await bob.getByTestId('save-state').getByText('Saved').waitFor();
  });

  it('creates a folder by keyboard (the context-menu key), and a collaborator sees it', async () => {
    await alice.keyboard.press('Control+Shift+E');
    await expect.poll(() => focusedItem(alice)).toBe('notes.md');
    await alice.keyboard.press('ContextMenu');
    await alice.getByRole('menu').waitFor();
    await alice.keyboard.press('ArrowDown');
    await expect.poll(() => alice.evaluate(() => document.activeElement?.textContent)).toBe('New folder');
    await alice.keyboard.press('Enter');
    await alice.getByLabel('New folder name').waitFor();
    await alice.keyboard.type('docs');
    await alice.keyboard.press('Enter');
    await row(bob, 'docs').waitFor();
    // The new folder has the focus.
    await expect.poll(() => focusedItem(alice)).toBe('docs');
    await expect(item(alice, 'docs').getAttribute('aria-level')).resolves.toBe('1');
  });

  it('renames with F2; the collaborator’s open tab follows and says who renamed it', async () => {
    // Type-ahead: "n" goes to notes.md.
    await alice.keyboard.press('n');
    await expect.poll(() => focusedItem(alice)).toBe('notes.md');
    await alice.keyboard.press('F2');
    const field = alice.getByLabel('Rename notes.md');
    await field.waitFor();
    await alice.keyboard.press('Control+a');
    await alice.keyboard.type('guide.md');
    await alice.keyboard.press('Enter');
    await row(bob, 'guide.md').waitFor();
    await expect.poll(() => focusedItem(alice)).toBe('guide.md');
    // Alice's own tab is retitled without fuss; bob's says what happened.
    await tab(alice, 'guide.md').waitFor();
    await tab(bob, 'guide.md').waitFor();
    await bob.getByTestId('tab-notice').getByText('Renamed by alice: notes.md → guide.md').waitFor();
    expect(await editorText(bob, 'guide.md')).toContain('bob was here');
    await bob.screenshot({ path: h.shot('renamed-tab') });
  });

  it('moves with Ctrl+X, then Ctrl+V on a folder; the collaborator’s tab follows again', async () => {
    await alice.keyboard.press('Control+x');
    await expect(row(alice, 'guide.md').getAttribute('class')).resolves.toContain('cut');
    await alice.keyboard.press('Home');
    await expect.poll(() => focusedItem(alice)).toBe('docs');
    await alice.keyboard.press('Control+v');
    await row(bob, 'docs/guide.md').waitFor();
    await row(alice, 'docs/guide.md').waitFor();
    await bob.getByTestId('tab-notice').getByText('Moved by alice: guide.md → docs/guide.md').waitFor();
    await expect(bob.locator('.editor-tab.active').getAttribute('data-tab-path')).resolves.toBe('docs/guide.md');
  });

  it('opens a file with Enter, and folds and unfolds folders with the arrows', async () => {
    await focusTree(alice);
    await alice.keyboard.press('Home');
    await expect.poll(() => focusedItem(alice)).toBe('docs');
    await expect(item(alice, 'docs').getAttribute('aria-expanded')).resolves.toBe('true');
    await alice.keyboard.press('ArrowLeft');
    await expect(item(alice, 'docs').getAttribute('aria-expanded')).resolves.toBe('false');
    await alice.keyboard.press('ArrowRight');
    await expect(item(alice, 'docs').getAttribute('aria-expanded')).resolves.toBe('true');
    await alice.keyboard.press('ArrowRight');
    await expect.poll(() => focusedItem(alice)).toBe('guide.md');
    await expect(item(alice, 'guide.md').getAttribute('aria-level')).resolves.toBe('2');
    await alice.keyboard.press('ArrowLeft');
    await expect.poll(() => focusedItem(alice)).toBe('docs');
    await alice.keyboard.press('End');
    await expect.poll(() => focusedItem(alice)).toBe('main.py');
    await alice.keyboard.press('Enter');
    await expect(alice.locator('.editor-tab.active').getAttribute('data-tab-path')).resolves.toBe('main.py');
    await expect.poll(() => new URL(alice.url()).searchParams.get('file')).toBe('main.py');
    // The collaborator sees where alice is.
    await expect.poll(() => bob.locator('[data-presence-file="alice"]').textContent()).toBe('main.py');
  });

  it('deletes with Delete after a confirmation; the collaborator’s tab stays, says who deleted it, and keeps its text', async () => {
    // The last test opened main.py: let its editor finish opening before the keys below,
    // or the focus it settles moves back over the type-ahead (seen in 1 run in 3).
    await alice.locator('[data-editor-path="main.py"] .view-lines').waitFor();
    await alice.waitForTimeout(300);
    await focusTree(alice);
    await alice.keyboard.press('g');
    await expect.poll(() => focusedItem(alice)).toBe('guide.md');
    await alice.keyboard.press('Delete');
    const dialog = alice.getByRole('dialog', { name: 'Delete' });
    await dialog.getByText('Delete docs/guide.md?').waitFor();
    // The safe choice has the focus; Tab goes to Delete.
    await expect.poll(() => alice.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await alice.keyboard.press('Tab');
    await alice.keyboard.press('Enter');
    await row(bob, 'docs/guide.md').waitFor({ state: 'detached' });
    expect(await paths()).toEqual(['docs', 'main.py']);
    // Focus stays in the tree, on the row the deleted one left behind.
    await expect.poll(() => focusedItem(alice)).toBe('main.py');
    // Alice deleted it herself: her tab closed with it.
    await expect(tab(alice, 'guide.md').count()).resolves.toBe(0);

    await bob.getByTestId('tab-notice').getByText(/^Deleted by alice\./).waitFor();
    await expect(tab(bob, 'guide.md').getAttribute('class')).resolves.toContain('deleted');
    expect(await editorText(bob, 'docs/guide.md')).toContain('bob was here');
    await bob.getByTestId('save-state').getByText('Deleted — read-only').waitFor();
    await bob.locator('[data-editor-path="docs/guide.md"] .view-lines').click();
    await bob.keyboard.type('more');
    expect(await editorText(bob, 'docs/guide.md')).not.toContain('more');
    await bob.screenshot({ path: h.shot('deleted-tab') });
    await bob.getByRole('button', { name: 'Close tab' }).click();
    await expect(tab(bob, 'guide.md').count()).resolves.toBe(0);
  });

  it('selects several rows with Shift+arrows and deletes them after one confirmation naming the count', async () => {
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await put(name, name);
    await row(alice, 'c.txt').waitFor();
    await row(alice, 'a.txt').click();
    await alice.keyboard.press('Control+Shift+E');
    await expect.poll(() => focusedItem(alice)).toBe('a.txt');
    await alice.keyboard.press('Shift+ArrowDown');
    await alice.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => selectedNames(alice)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    await alice.keyboard.press('Delete');
    const dialog = alice.getByRole('dialog', { name: 'Delete 3 items' });
    await dialog.getByText('Delete 3 items?').waitFor();
    await alice.screenshot({ path: h.shot('multi-delete') });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await row(bob, name).waitFor({ state: 'detached' });
    expect(await paths()).toEqual(['docs', 'main.py']);
  });

  it('selects with Ctrl+click and Shift+click', async () => {
    for (const name of ['k1.txt', 'k2.txt', 'k3.txt']) await put(name, name);
    await row(alice, 'k3.txt').waitFor();
    await row(alice, 'k1.txt').click();
    await row(alice, 'k3.txt').click({ modifiers: ['Shift'] });
    await expect.poll(() => selectedNames(alice)).toEqual(['k1.txt', 'k2.txt', 'k3.txt']);
    await row(alice, 'k2.txt').click({ modifiers: ['Control'] });
    await expect.poll(() => selectedNames(alice)).toEqual(['k1.txt', 'k3.txt']);
    // Dragging one of the selected rows moves the whole selection.
    await alice.dragAndDrop('[data-path="k1.txt"]', '[data-path="docs"]');
    await row(bob, 'docs/k1.txt').waitFor();
    await row(bob, 'docs/k3.txt').waitFor();
    expect(await paths()).toEqual(['docs', 'docs/k1.txt', 'docs/k3.txt', 'k2.txt', 'main.py']);
  });

  it('moves by drag and drop into a folder and back to the top level, and refuses what the server would', async () => {
    await put('src/inner/keep.txt', 'keep');
    await put('x.py', 'x = 1');
    await row(alice, 'x.py').waitFor();
    await alice.dragAndDrop('[data-path="x.py"]', '[data-path="src"]');
    await row(bob, 'src/x.py').waitFor();
    // To the top level: the empty space below the rows.
    const tree = alice.getByRole('tree', { name: 'Files' });
    const box = (await tree.boundingBox())!;
    await alice.dragAndDrop('[data-path="src/x.py"]', 'ul.tree', { targetPosition: { x: box.width / 2, y: box.height - 8 } });
    await row(bob, 'x.py').waitFor();

    // A name taken there: refused on screen, nothing sent.
    await put('src/x.py', 'another');
    await row(alice, 'src/x.py').waitFor();
    await dropUntilSaid(alice, '[data-path="x.py"]', '[data-path="src"]', 'src already holds an item named x.py');
    await alice.screenshot({ path: h.shot('drop-refused') });
    // A folder into its own subfolder: refused too.
    await dropUntilSaid(alice, '[data-path="src"]', '[data-path="src/inner"]', 'Cannot move src into itself');
    expect(await paths()).toEqual(['docs', 'docs/k1.txt', 'docs/k3.txt', 'k2.txt', 'main.py', 'src', 'src/inner', 'src/inner/keep.txt', 'src/x.py', 'x.py']);
  });

  it('says what failed when the server refuses, and the error goes by itself', async () => {
    // A name the tree does not check first: the server's 409 `name_taken`, in words.
    await row(alice, 'x.py').click();
    await alice.keyboard.press('Control+Shift+E');
    await alice.keyboard.press('F2');
    await alice.keyboard.press('Control+a');
    await alice.keyboard.type('k2.txt');
    await alice.keyboard.press('Enter');
    await treeAlert(alice).getByText('Could not rename x.py to k2.txt: An item with that name already exists in that folder').waitFor();
    // Gone after a few seconds, without anything else happening.
    await treeAlert(alice).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await paths()).toContain('x.py');
  });

  it('works the context menu by keyboard: arrows, End, Escape back to the row; copies a path; downloads a file', async () => {
    await alice.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.server.url });
    await row(alice, 'x.py').click();
    await alice.keyboard.press('Control+Shift+E');
    await expect.poll(() => focusedItem(alice)).toBe('x.py');
    await alice.keyboard.press('Shift+F10');
    const menu = alice.getByRole('menu', { name: 'Actions for x.py' });
    await menu.waitFor();
    const labels = await menu.getByRole('menuitem').evaluateAll((els) => els.map((e) => e.firstChild?.textContent));
    expect(labels).toEqual(['New file', 'New folder', 'Rename', 'Cut', 'Move to…', 'Copy path', 'Download', 'Delete']);
    await alice.keyboard.press('End');
    await expect.poll(() => alice.evaluate(() => document.activeElement?.firstChild?.textContent)).toBe('Delete');
    await alice.keyboard.press('ArrowDown');
    await expect.poll(() => alice.evaluate(() => document.activeElement?.firstChild?.textContent)).toBe('New file');
    await alice.screenshot({ path: h.shot('context-menu') });
    await alice.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => focusedItem(alice)).toBe('x.py');

    await alice.keyboard.press('Shift+F10');
    for (let i = 0; i < 5; i++) await alice.keyboard.press('ArrowDown');
    await expect.poll(() => alice.evaluate(() => document.activeElement?.firstChild?.textContent)).toBe('Copy path');
    await alice.keyboard.press('Enter');
    await treeNote(alice).getByText('Copied x.py').waitFor();
    expect(await alice.evaluate(() => navigator.clipboard.readText())).toBe('x.py');

    await alice.keyboard.press('Shift+F10');
    await menu.waitFor();
    const downloading = alice.waitForEvent('download');
    await menu.getByRole('menuitem', { name: 'Download' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('x.py');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile((await download.path())!, 'utf8')).toBe('x = 1');
  });

  it('gives a viewer the navigation but no changing actions, and the server refuses one sent anyway', async () => {
    await carol.goto(url);
    await carol.locator('[data-editor-path="main.py"] .view-lines').getByText('Hello from Tandem').waitFor();
    await expect(carol.getByRole('button', { name: 'New file' }).count()).resolves.toBe(0);
    await row(carol, 'x.py').hover();
    await expect(carol.getByRole('button', { name: 'Rename x.py' }).count()).resolves.toBe(0);
    await expect(row(carol, 'x.py').getAttribute('draggable')).resolves.toBe('false');

    await carol.keyboard.press('Control+Shift+E');
    await expect.poll(() => focusedItem(carol)).toBe('main.py');
    await carol.keyboard.press('Home');
    await carol.keyboard.press('Enter'); // folds docs: navigation works
    await expect(item(carol, 'docs').getAttribute('aria-expanded')).resolves.toBe('false');
    await carol.keyboard.press('x');
    await expect.poll(() => focusedItem(carol)).toBe('x.py');
    await carol.keyboard.press('F2');
    await treeNote(carol).getByText('You can read this workspace but not rename its files').waitFor();
    await expect(carol.getByLabel('Rename x.py').count()).resolves.toBe(0);
    await carol.keyboard.press('Delete');
    await expect(carol.getByRole('dialog').count()).resolves.toBe(0);
    await carol.keyboard.press('Shift+F10');
    const menu = carol.getByRole('menu', { name: 'Actions for x.py' });
    await menu.waitFor();
    for (const name of ['New file', 'New folder', 'Rename', 'Cut', 'Move to…', 'Delete']) {
      await expect(menu.getByRole('menuitem', { name: new RegExp(`^${name}`) }).getAttribute('aria-disabled')).resolves.toBe('true');
    }
    await expect(menu.getByRole('menuitem', { name: /^Copy path/ }).getAttribute('aria-disabled')).resolves.toBeNull();
    await carol.screenshot({ path: h.shot('viewer-menu') });
    // Choosing a disabled entry does nothing (the menu stays, no dialog).
    await carol.keyboard.press('End');
    await expect.poll(() => carol.evaluate(() => document.activeElement?.firstChild?.textContent)).toBe('Delete');
    await carol.keyboard.press('Enter');
    await expect(carol.getByRole('dialog').count()).resolves.toBe(0);
    await carol.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });

    const refused = await carol.evaluate(async ([ws]) => {
      const list = (await (await fetch(`/api/workspaces/${ws}/items`)).json()) as { items: Array<{ id: string; path: string }> };
      const target = list.items.find((i) => i.path === 'x.py')!;
      const answers = await Promise.all([
        fetch(`/api/workspaces/${ws}/items/${target.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'y.py' }) }),
        fetch(`/api/workspaces/${ws}/items/${target.id}`, { method: 'DELETE' }),
        fetch(`/api/workspaces/${ws}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ parentId: null, name: 'z', type: 'file' }) }),
      ]);
      return Promise.all(answers.map(async (r) => [r.status, ((await r.json()) as { error: { code: string } }).error.code]));
    }, [wsId]);
    expect(refused).toEqual([[403, 'insufficient_role'], [403, 'insufficient_role'], [403, 'insufficient_role']]);
    expect(await paths()).toContain('x.py');
  });

  it('fetched nothing from anywhere but the server, and threw no page errors', () => {
    expect(h.offSite).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
}, 60_000);
