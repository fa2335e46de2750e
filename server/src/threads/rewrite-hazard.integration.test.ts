/**
 * The hazard of issue 11: a replace-style rewrite (a whole new text for the file)
 * deletes every anchored character unless it goes through the minimal diff. Every path
 * that rewrites a document from text on the server is `Documents.writeText`
 * (sync/live-documents.ts: `diffText`, then the edits as one change): `PUT /files` and the
 * environment's pull-back of files a command changed (execution/pulled-changes.ts). These
 * check the outcome: a thread on code the rewrite did not touch stays `anchored`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../sync/sync-test-clients';
import { numberedLines, threadWorld, type ThreadWorld } from '../testing/thread-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

async function threadsOn(w: ThreadWorld, lines: number[]): Promise<string[]> {
  const ids: string[] = [];
  for (const line of lines) ids.push((await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line }, body: `line ${line}` })).body.thread.id);
  return ids;
}

const states = async (w: ThreadWorld, ids: string[]) =>
  Promise.all(ids.map(async (id) => (await w.as.viewer('GET', `${w.base}/threads/${id}`)).body.thread)).then((ts) => ts.map((t) => [t.state, t.startLine]));

describe('rewriting a file from text keeps the threads on untouched code', () => {
  it('PUT /files of the whole file with one line changed elsewhere', async () => {
    const w = await threadWorld(server, numberedLines(10));
    const ids = await threadsOn(w, [2, 7, 9]);
    const rewritten = numberedLines(10).replace('line 7\n', 'line seven, rewritten\n');
    expect((await w.as.owner('PUT', `${w.base}/files/main.py`, rewritten)).status).toBe(200);
    expect(await states(w, ids)).toEqual([['anchored', 2], ['changed', 7], ['anchored', 9]]);
    // A line added above moves them, and still deletes nothing they hold.
    expect((await w.as.owner('PUT', `${w.base}/files/main.py`, `# header\n${rewritten}`)).status).toBe(200);
    expect(await states(w, ids)).toEqual([['anchored', 3], ['changed', 8], ['anchored', 10]]);
  });

  it("the environment's pull-back of a file a command changed on another line", async () => {
    const w = await threadWorld(server, numberedLines(10));
    const ids = await threadsOn(w, [2, 8]);
    expect((await w.as.owner('POST', `${w.base}/run`, { command: 'true' })).status).toBe(200);
    const onDisk = join(server.context.config.dataDir, 'workspaces', w.workspaceId, 'main.py');
    await eventually(async () => (await readFile(onDisk, 'utf8').catch(() => '')) === numberedLines(10), 'main.py pushed to the environment', 10_000);
    const ran = await w.as.owner('POST', `${w.base}/run`, { command: "sed -i 's/^line 8$/LINE 8 (by sed)/' main.py" });
    expect(ran.body.exitCode).toBe(0);
    await eventually(async () => (await w.as.owner('GET', `${w.base}/files/main.py`)).text.includes('LINE 8 (by sed)'), 'pulled back', 10_000);
    expect(await states(w, ids)).toEqual([['anchored', 2], ['changed', 8]]);
  });
});
