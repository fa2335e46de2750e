/**
 * A name the environment cannot write that is already stored (before the naming
 * rule, or put into the database by hand) never stops the environment: the push
 * leaves it out, `env.status` lists it, a terminal works, and renaming it through
 * the API brings the file in and clears the warning. Local backend, a real server,
 * real PostgreSQL; the bad rows are inserted with SQL, as the API refuses them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, insertWorkspace, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { initialDocumentState } from '../workspace/initial-document';
import { client } from '../workspace/test-client';
import { TerminalTestClient, type Msg } from './terminal-test-client';

let server: TestServer;
let owner: FixtureUser;
let workspaceId: string;
const clients: TerminalTestClient[] = [];

/** One row as the API would have stored it (text in the column and in the Yjs state), under any name. */
async function insertRaw(name: string, parent: { id: string; path: string } | null, type: 'file' | 'folder', text = ''): Promise<{ id: string; path: string }> {
  const id = randomUUID();
  const path = parent ? `${parent.path}/${name}` : name;
  const state = type === 'file' ? initialDocumentState(text) : undefined;
  await server.context.db.raw.query(
    `INSERT INTO workspace_items (id, workspace_id, parent_id, name, type, path, content, yjs_state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, workspaceId, parent?.id ?? null, name, type, path, text, state ? Buffer.from(state) : null],
  );
  return { id, path };
}

beforeAll(async () => {
  server = await startTestServer();
  owner = await insertUser(server.context.db);
  workspaceId = await insertWorkspace(server.context.db, owner.id);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

const readyWith = (count: number | undefined) => (m: Msg) =>
  m.type === 'env.status' && m.status === 'ready' && (count === undefined ? m.skipped === undefined : m.skipped?.count === count);

describe('stored names the push cannot write', () => {
  it('ENV-2, ENV-3: leaves them out, reports them on env.status, and the environment starts and runs a terminal', async () => {
    await insertRaw('good.txt', null, 'file', 'hello from good\n');
    const backslash = await insertRaw('a\\b', null, 'file', 'was misnamed\n');
    const folder = await insertRaw('bad\nfolder', null, 'folder');
    await insertRaw('inner.txt', folder, 'file', 'inside\n');
    // A path that was legal under the old 4096-byte limit and is over the push's 1024.
    let deep: { id: string; path: string } | null = null;
    for (let i = 0; i < 5; i++) deep = await insertRaw(`${i}`.repeat(255), deep, 'folder');
    const deepFile = await insertRaw('deep.txt', deep, 'file', 'too deep\n');

    const term = TerminalTestClient.connect(server.wsUrl, workspaceId, owner.token);
    clients.push(term);
    term.send({ type: 'term.open', cols: 120, rows: 30 });
    const opened = await term.waitFor((m) => m.type === 'term.opened', 'term.opened', 30_000);
    const ready = await term.waitFor((m) => m.type === 'env.status' && m.status === 'ready', 'env.status ready', 30_000);
    expect(ready).toEqual({
      type: 'env.status',
      status: 'ready',
      skipped: { count: 3, paths: [backslash.path, folder.path + '/inner.txt', deepFile.path].sort() },
    });

    const termId = opened.termId as string;
    // $((...)) so that the markers appear in the output, not in the echo of the input.
    term.send({ type: 'term.input', termId, data: "cat good.txt; test -e 'a\\b' && echo present-$((40+2)) || echo absent-$((40+2))\r" });
    const out = await term.waitForOutput(termId, (t) => /(present|absent)-42/.test(t), 'the terminal output', 15_000);
    expect(out).toContain('hello from good');
    expect(out).toContain('absent-42');

    // Renamed through the API (by id: its path cannot be named in a URL any more), the file reaches the environment.
    const asOwner = client(server.url, owner.token);
    const renamed = await asOwner('PATCH', `/api/workspaces/${workspaceId}/items/${backslash.id}`, { name: 'renamed.txt' });
    expect(renamed.status).toBe(200);
    const from = term.messages.length;
    await term.waitFor(readyWith(2), 'env.status with one skipped file fewer', 10_000, from);
    term.send({ type: 'term.input', termId, data: 'cat renamed.txt; echo renamed-$((6*7))\r' });
    const after = await term.waitForOutput(termId, (t) => t.includes('renamed-42'), 'the renamed file', 15_000);
    expect(after).toContain('was misnamed');

    // A good name is still refused when it is new and bad: the rule holds at creation.
    const refused = await asOwner('POST', `/api/workspaces/${workspaceId}/items`, { name: 'again\\bad', type: 'file' });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'invalid_name']);
  });
});
