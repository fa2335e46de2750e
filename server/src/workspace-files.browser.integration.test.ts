/**
 * What the environment writes stays there, and workspaces go out and come back in, in
 * a real Chromium against a real server on the local sandbox: a shell and a Python
 * import in the IDE's terminal leave `.bash_history` and `__pycache__` out of the tree,
 * and a file `.tandemignore` lists stays out too; the workspace downloaded from its
 * page (a real browser download) and imported back through the workspace list holds
 * the same files with the same contents.
 *
 * Screenshots: web/test-results/workspace-files-*.png (git-ignored).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHarness, type BrowserHarness } from './testing/browser-harness';

let h: BrowserHarness;
let alice: Page;
let workspaceId: string;

beforeAll(async () => {
  h = await startBrowserHarness('workspace-files');
  alice = await h.signedIn('alice');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

/** Every path of a workspace's tree and each file's text, over the API with the page's cookie. */
async function contents(id: string): Promise<Record<string, string | null>> {
  const items = ((await (await alice.request.get(`${h.server.url}/api/workspaces/${id}/items`)).json()) as { items: Array<{ path: string; type: string }> }).items;
  const out: Record<string, string | null> = {};
  for (const item of items) {
    out[item.path] = item.type === 'folder' ? null : await (await alice.request.get(`${h.server.url}/api/workspaces/${id}/files/${item.path.split('/').map(encodeURIComponent).join('/')}`)).text();
  }
  return out;
}

const tree = (page: Page, path: string) => page.locator(`[data-path="${path}"]`);

describe('workspace files in the browser', () => {
  it('keeps .bash_history, __pycache__ and what .tandemignore lists out of the tree after a shell and python ran', async () => {
    await alice.goto(h.server.url);
    await alice.getByLabel('Workspace name').fill('Files');
    await alice.getByRole('button', { name: 'Create' }).click();
    await alice.locator('tr[data-workspace="Files"]').getByRole('link', { name: 'Files' }).click();
    await tree(alice, 'main.py').waitFor();
    workspaceId = new URL(alice.url()).searchParams.get('id')!;
    const put = await alice.request.put(`${h.server.url}/api/workspaces/${workspaceId}/files/.tandemignore`, { data: 'secret.txt\n', headers: { origin: h.server.url } });
    expect(put.status()).toBe(201);
    await tree(alice, '.tandemignore').waitFor();

    await alice.getByRole('button', { name: 'New terminal' }).click();
    const terminal = alice.locator('.xterm');
    await terminal.waitFor({ timeout: 20_000 });
    await alice.locator('[data-env="ready"]').waitFor({ timeout: 30_000 });
    await terminal.click();
    // History written into the workspace on purpose, so the ignore list is what keeps it out.
    await alice.keyboard.type(`printf 'X = 1\\n' > mod.py && python3 -c 'import mod; print("imported", mod.X)' && history -w .bash_history && echo s > secret.txt && echo keep > kept.txt && ls -A\n`);
    await alice.locator('.xterm-rows').getByText(/imported 1/).waitFor({ timeout: 20_000 });
    // `ls -A` shows they did land in the workspace folder: what follows is the filtering at work.
    for (const name of ['__pycache__', '.bash_history', 'secret.txt']) await alice.locator('.xterm-rows').getByText(name).first().waitFor({ timeout: 10_000 });
    await tree(alice, 'kept.txt').waitFor({ timeout: 20_000 });
    await tree(alice, 'mod.py').waitFor();
    // One more pull after them: anything still to come from that command has come.
    await alice.keyboard.type('echo done > done.txt\n');
    await tree(alice, 'done.txt').waitFor({ timeout: 20_000 });
    for (const path of ['__pycache__', '.bash_history', 'secret.txt']) await expect(tree(alice, path).count(), path).resolves.toBe(0);
    const paths = Object.keys(await contents(workspaceId));
    expect(paths.filter((p) => /(^|\/)(__pycache__|\.bash_history|secret\.txt)(\/|$)/.test(p))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['kept.txt', 'mod.py', 'done.txt', '.tandemignore']));
    await alice.screenshot({ path: h.shot('tree-after-shell') });
  }, 120_000);

  it('downloads the workspace from its page and imports it back from the list: same files, same contents', async () => {
    const [download] = await Promise.all([alice.waitForEvent('download'), alice.getByTestId('download-archive').getByRole('link', { name: '.zip' }).click()]);
    expect(download.suggestedFilename()).toBe('Files.zip');
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    await alice.getByRole('link', { name: 'Tandem' }).click();
    await alice.locator('tr[data-workspace="Files"]').waitFor();
    await alice.getByLabel('Archive to import').setInputFiles({ name: 'Files.zip', mimeType: 'application/zip', buffer: bytes });
    await expect(alice.getByLabel('Name for the import').inputValue()).resolves.toBe('Files');
    await alice.getByLabel('Name for the import').fill('Files copy');
    await alice.getByRole('button', { name: 'Import archive' }).click();
    await alice.getByTestId('import-note').getByText('Imported “Files copy”').waitFor({ timeout: 20_000 });
    const row = alice.locator('tr[data-workspace="Files copy"]');
    await row.waitFor();
    await alice.screenshot({ path: h.shot('imported') });

    const copyId = new URL((await row.getByRole('link', { name: 'Files copy' }).getAttribute('href'))!, h.server.url).searchParams.get('id')!;
    expect(await contents(copyId)).toEqual(await contents(workspaceId));
    await row.getByRole('link', { name: 'Files copy' }).click();
    await tree(alice, 'kept.txt').waitFor();
  }, 60_000);

  it('says clearly why an archive is refused, and creates nothing', async () => {
    await alice.getByRole('link', { name: 'Tandem' }).click();
    await alice.locator('tr[data-workspace="Files copy"]').waitFor();
    const before = await alice.locator('tr[data-workspace]').count();
    await alice.getByLabel('Archive to import').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('not an archive at all') });
    await alice.getByRole('button', { name: 'Import archive' }).click();
    await alice.getByTestId('import-error').getByText('Upload a .zip or a .tar.gz archive').waitFor({ timeout: 10_000 });
    expect(await alice.locator('tr[data-workspace]').count()).toBe(before);
    await alice.screenshot({ path: h.shot('import-refused') });
    expect(h.pageErrors).toEqual([]);
    expect(h.offSite).toEqual([]);
  }, 30_000);
});
