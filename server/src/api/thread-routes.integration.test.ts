/**
 * Comment threads over HTTP against a real server, with real y-websocket clients typing
 * into the file: the life of a thread (moved, changed, orphaned by cut and paste,
 * re-attached), every range kind and its refusals, replies and their authors' rights,
 * resolve and reopen, listing and filters. Every answer is checked against the OpenAPI
 * document's schema for it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, eventually, synced, type ProviderClient } from '../sync/sync-test-clients';
import { clientRange, numberedLines, threadWorld, type ThreadWorld } from '../testing/thread-fixtures';
import { insertMember, insertUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Answer } from '../workspace/test-client';
import { documentValidator, type DocumentValidator } from './openapi-test-validator';

let server: TestServer;
const providers: ProviderClient[] = [];
let validator: DocumentValidator;

beforeAll(async () => {
  server = await startTestServer();
  validator = documentValidator(await (await fetch(`${server.url}/api/openapi.json`)).json());
});
afterEach(() => {
  for (const p of providers.splice(0)) p.destroy();
});
afterAll(async () => {
  await server?.stop();
});

async function editorOf(w: ThreadWorld, token = w.editor.token): Promise<ProviderClient> {
  const p = connectProvider(server.wsUrl, w.workspaceId, w.file.id, token);
  providers.push(p);
  await synced(p);
  return p;
}

/** The answer, checked against the document's schema for this operation and status. */
function checked(res: Answer, method: string, pattern: string): Answer {
  const errors = validator.errors(validator.responseSchema(method, pattern, res.status), res.body);
  if (errors) throw new Error(`${method} ${pattern} ${res.status}: ${JSON.stringify(errors)}\n${res.text}`);
  return res;
}

const THREADS = '/api/workspaces/{id}/threads';
const THREAD = '/api/workspaces/{id}/threads/{threadId}';

async function getThread(w: ThreadWorld, id: string) {
  return checked(await w.as.viewer('GET', `${w.base}/threads/${id}`), 'get', THREAD).body.thread;
}

async function eventuallyThread(w: ThreadWorld, id: string, check: (t: any) => boolean, what: string) {
  return eventually(async () => {
    const t = await getThread(w, id);
    return check(t) ? t : null;
  }, what);
}

describe('the life of a thread', () => {
  it('stays on its code while the author types, is orphaned by cut and paste, and is re-attached (audited)', async () => {
    const w = await threadWorld(server, numberedLines(6));
    const author = await editorOf(w);
    const created = checked(await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line: 3 }, body: 'Why 3?' }), 'post', THREADS);
    expect(created.status).toBe(201);
    const thread = created.body.thread;
    expect(thread).toMatchObject({
      state: 'anchored', startLine: 3, endLine: 3, quote: 'line 3\n', currentText: null, path: 'main.py', resolved: false,
      author: { id: w.editor.id, username: w.editor.username }, original: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 8 },
      prefix: 'line 1\nline 2\n', suffix: 'line 4\nline 5\nline 6\n',
    });
    expect(thread.comments).toMatchObject([{ body: 'Why 3?', deleted: false, author: { id: w.editor.id } }]);
    expect(thread.anchor.start).toEqual(expect.any(String));

    // Five lines above: the same code, now on line 8.
    author.text.insert(0, 'a\nb\nc\nd\ne\n');
    await eventuallyThread(w, thread.id, (t) => t.state === 'anchored' && t.startLine === 8, 'anchored on line 8');
    // Typing inside grows the range; the text differs from the quote.
    const inside = author.text.toString().indexOf('line 3') + 5;
    author.text.insert(inside, 'three ');
    const changed = await eventuallyThread(w, thread.id, (t) => t.state === 'changed', 'changed');
    expect(changed).toMatchObject({ startLine: 8, endLine: 8, currentText: 'line three 3\n', quote: 'line 3\n' });
    expect(changed.to - changed.from).toBe('line three 3\n'.length);

    // Cut and paste: a delete and an insert elsewhere. Orphaned, keeping its quote, where the code was.
    const at = author.text.toString().indexOf('line three 3\n');
    author.text.delete(at, 'line three 3\n'.length);
    author.text.insert(author.text.length, 'line three 3\n');
    const orphaned = await eventuallyThread(w, thread.id, (t) => t.state === 'orphaned', 'orphaned');
    expect(orphaned).toMatchObject({ quote: 'line 3\n', from: at, to: at, startLine: 8 });

    // Re-attach on the pasted code, with positions the client made.
    const pasted = author.text.toString().lastIndexOf('line three 3\n');
    const range = clientRange(author.text, pasted, pasted + 'line three 3\n'.length);
    const reattached = checked(await w.as.editor('PATCH', `${w.base}/threads/${thread.id}`, { range }), 'patch', THREAD);
    expect(reattached.status).toBe(200);
    expect(reattached.body.thread).toMatchObject({ state: 'anchored', quote: 'line three 3\n', startLine: 11, original: { startLine: 11 } });
    const { rows } = await server.context.db.raw.query('SELECT kind, actor_id, old_start IS NOT NULL AS had_old, new_start IS NOT NULL AS has_new, data FROM thread_events WHERE thread_id = $1', [thread.id]);
    expect(rows).toMatchObject([{ kind: 'reattached', actor_id: w.editor.id, had_old: true, has_new: true, data: { how: 'range', oldQuote: 'line 3\n', newQuote: 'line three 3\n' } }]);
  });

  it('re-attaches by finding the quote again (exact, nearest the old line); refuses when it is nowhere', async () => {
    const code = 'import os\nconst total = price * qty;\nprint(total)\n';
    const w = await threadWorld(server, code);
    const author = await editorOf(w);
    const { id } = (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line: 2 }, body: 'x' })).body.thread;
    const line = 'const total = price * qty;\n';
    author.text.delete(10, line.length);
    author.text.insert(author.text.length, line);
    await eventuallyThread(w, id, (t) => t.state === 'orphaned', 'orphaned');
    const found = checked(await w.as.owner('PATCH', `${w.base}/threads/${id}`, { reattach: true }), 'patch', THREAD);
    expect(found.body.thread).toMatchObject({ state: 'anchored', startLine: 3, quote: line });
    author.text.delete(author.text.length - line.length, line.length);
    await eventuallyThread(w, id, (t) => t.state === 'orphaned', 'orphaned again');
    const lost = checked(await w.as.owner('PATCH', `${w.base}/threads/${id}`, { reattach: true }), 'patch', THREAD);
    expect([lost.status, lost.body.error.code]).toEqual([409, 'quote_not_found']);
  });

  it('shows the threads of a deleted file as file-level, with path and quote', async () => {
    const w = await threadWorld(server);
    const { id } = (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line: 1 }, body: 'x' })).body.thread;
    expect((await w.as.owner('DELETE', `${w.base}/files/main.py`)).status).toBe(204);
    expect(await getThread(w, id)).toMatchObject({ state: 'file-level', path: 'main.py', quote: 'line 1\n', from: null, startLine: null });
    // Re-created at the same path: a new document, the old thread stays file-level.
    await w.as.owner('PUT', `${w.base}/files/main.py`, numberedLines(3));
    expect(await getThread(w, id)).toMatchObject({ state: 'file-level', quote: 'line 1\n' });
  });
});

describe('ranges', () => {
  it('takes offsets, lines, client positions or none (the whole file), reading the quote from the server', async () => {
    const w = await threadWorld(server, numberedLines(5));
    const post = (range: unknown) => w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range, body: 'b' });
    expect((await post({ from: 7, to: 11 })).body.thread).toMatchObject({ state: 'anchored', quote: 'line', startLine: 2, endLine: 2, original: { startColumn: 1, endColumn: 5 } });
    expect((await post({ startLine: 2, endLine: 4 })).body.thread).toMatchObject({ quote: 'line 2\nline 3\nline 4\n', startLine: 2, endLine: 4 });
    const peer = await editorOf(w);
    expect((await post(clientRange(peer.text, 14, 18))).body.thread).toMatchObject({ quote: 'line', startLine: 3 });
    const whole = checked(await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, body: 'the file' }), 'post', THREADS).body.thread;
    expect(whole).toMatchObject({ state: 'file-level', anchor: null, original: null, quote: '', from: null });
  });

  it('refuses bad ranges with their codes', async () => {
    const w = await threadWorld(server, 'x'.repeat(25_000));
    const code = async (range: unknown) => {
      const res = checked(await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range, body: 'b' }), 'post', THREADS);
      return `${res.status} ${res.body.error.code}`;
    };
    expect(await code({ from: 5, to: 5 })).toBe('400 empty_range');
    expect(await code({ from: 0, to: 99_999 })).toBe('400 invalid_range');
    expect(await code({ from: 9, to: 3 })).toBe('400 invalid_range');
    expect(await code({ line: 2 })).toBe('400 invalid_range');
    expect(await code({ startLine: 1, endLine: 0 })).toBe('400 validation_failed');
    expect(await code({ from: 0, to: 20_001 })).toBe('400 quote_too_long');
    expect(await code({ from: 0, to: 1, line: 1 })).toBe('400 validation_failed');
    expect(await code({ start: 'not base64!', end: 'AA==' })).toBe('400 validation_failed');
    // Positions in another text (a client's bug, or bytes from another file): not in this file.
    const elsewhere = Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(new Y.Doc().getText('other'), 0))).toString('base64');
    expect(await code({ start: elsewhere, end: elsewhere })).toBe('400 invalid_range');
  });

  it("waits up to 2 s for a client's positions, then answers range_not_synced", async () => {
    const w = await threadWorld(server, numberedLines(3));
    const peer = await editorOf(w);
    // Typed while offline: the server has not got it when the thread arrives.
    peer.provider.disconnect();
    peer.text.insert(0, 'fresh code\n');
    const range = clientRange(peer.text, 0, 5);
    const posting = w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range, body: 'on fresh code' });
    setTimeout(() => peer.provider.connect(), 300);
    const res = await posting;
    expect(res.status).toBe(201);
    expect(res.body.thread).toMatchObject({ state: 'anchored', quote: 'fresh', startLine: 1 });

    peer.provider.disconnect();
    peer.text.insert(0, 'never sent\n');
    const started = Date.now();
    const late = checked(await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: clientRange(peer.text, 0, 5), body: 'x' }), 'post', THREADS);
    expect([late.status, late.body.error.code]).toEqual([409, 'range_not_synced']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });

  it("refuses a file of another workspace, a folder, and a review the caller may not see or of another workspace", async () => {
    const w = await threadWorld(server);
    const other = await threadWorld(server);
    const post = (body: object) => w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, body: 'b', ...body });
    expect((await post({ itemId: other.file.id })).body.error.code).toBe('item_not_found');
    expect((await post({ itemId: w.folder.id })).body.error.code).toBe('item_not_found');
    expect((await post({ reviewId: other.reviewId })).body.error.code).toBe('review_not_found');
    expect((await post({ reviewId: '00000000-0000-4000-8000-000000000000' })).body.error.code).toBe('review_not_found');
    expect((await post({ reviewId: w.reviewId })).status).toBe(201);
  });
});

describe('comments', () => {
  it('replies; authors edit and delete their own (a deleted comment shows as deleted); others get 403 not_comment_author', async () => {
    const w = await threadWorld(server);
    const { id } = (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line: 1 }, body: 'first' })).body.thread;
    const reply = checked(await w.as.reviewer('POST', `${w.base}/threads/${id}/comments`, { body: 'a reply', suggestion: 'line one\n' }), 'post', `${THREAD}/comments`);
    expect(reply.status).toBe(201);
    const [opening, second] = reply.body.thread.comments;
    expect(second).toMatchObject({ body: 'a reply', suggestion: 'line one\n', author: { id: w.reviewer.id }, editedAt: null });
    const comment = (cid: string) => `${w.base}/threads/${id}/comments/${cid}`;
    const COMMENT = `${THREAD}/comments/{commentId}`;

    const edited = checked(await w.as.reviewer('PATCH', comment(second.id), { body: 'edited' }), 'patch', COMMENT);
    expect(edited.body.thread.comments[1]).toMatchObject({ body: 'edited', suggestion: 'line one\n', editedAt: expect.any(String) });
    for (const who of ['owner', 'editor'] as const) {
      const res = checked(await w.as[who]('PATCH', comment(second.id), { body: 'not mine' }), 'patch', COMMENT);
      expect([who, res.status, res.body.error.code]).toEqual([who, 403, 'not_comment_author']);
      expect((await w.as[who]('DELETE', comment(second.id))).body.error.code).toBe('not_comment_author');
    }
    expect((await w.as.viewer('PATCH', comment(opening.id), { body: 'x' })).body.error.code).toBe('insufficient_role');

    const deleted = checked(await w.as.editor('DELETE', comment(opening.id)), 'delete', COMMENT);
    expect(deleted.body.thread.comments[0]).toMatchObject({ id: opening.id, deleted: true, body: '', suggestion: null });
    expect(deleted.body.thread.comments).toHaveLength(2);
    expect((await w.as.editor('PATCH', comment(opening.id), { body: 'back' })).body.error.code).toBe('comment_deleted');
    expect((await w.as.editor('DELETE', `${w.base}/threads/${id}/comments/00000000-0000-4000-8000-000000000000`)).body.error.code).toBe('comment_not_found');
    expect((await w.as.editor('POST', `${w.base}/threads/${id}/comments`, { body: '   ' })).body.error.code).toBe('validation_failed');
    expect((await w.as.editor('POST', `${w.base}/threads/${id}/comments`, { body: 'x'.repeat(10_001) })).body.error.code).toBe('validation_failed');
  });
});

describe('resolve, reopen and delete', () => {
  it("the thread's author, its review's reviewer and the owner resolve and reopen; another editor may not; each is audited", async () => {
    const w = await threadWorld(server);
    const other = await insertUser(server.context.db);
    await insertMember(server.context.db, w.workspaceId, other.id, 'editor');
    const { id } = (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, reviewId: w.reviewId, range: { line: 1 }, body: 'x' })).body.thread;
    const patch = async (call: (typeof w.as)['owner'], resolved: boolean) => checked(await call('PATCH', `${w.base}/threads/${id}`, { resolved }), 'patch', THREAD);

    const refused = await patch(client(server.url, other.token), true);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'not_thread_author']);
    expect((await patch(w.as.viewer, true)).body.error.code).toBe('insufficient_role');

    const resolved = await patch(w.as.reviewer, true);
    expect(resolved.body.thread).toMatchObject({ resolved: true, resolvedBy: { id: w.reviewer.id }, resolvedAt: expect.any(String) });
    expect((await patch(w.as.editor, false)).body.thread).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null });
    expect((await patch(w.as.owner, true)).body.thread.resolved).toBe(true);
    expect((await patch(w.as.owner, true)).body.thread.resolved).toBe(true); // again: no change, no event
    const { rows } = await server.context.db.raw.query('SELECT kind, actor_id FROM thread_events WHERE thread_id = $1 ORDER BY id', [id]);
    expect(rows).toEqual([
      { kind: 'resolved', actor_id: w.reviewer.id },
      { kind: 'reopened', actor_id: w.editor.id },
      { kind: 'resolved', actor_id: w.owner.id },
    ]);

    // Deleting: the reviewer may not, the author (or the owner) may.
    expect((await w.as.reviewer('DELETE', `${w.base}/threads/${id}`)).body.error.code).toBe('not_thread_author');
    expect((await w.as.editor('DELETE', `${w.base}/threads/${id}`)).status).toBe(204);
    expect((await w.as.editor('GET', `${w.base}/threads/${id}`)).body.error.code).toBe('thread_not_found');
  });
});

describe('listing', () => {
  it('filters by file, review and resolved, and pages with a cursor', async () => {
    const w = await threadWorld(server);
    const second = (await w.as.owner('POST', `${w.base}/items`, { name: 'b.py', type: 'file' })).body.item;
    const post = async (body: object) => (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, body: 'x', ...body })).body.thread.id as string;
    const a = await post({ range: { line: 1 } });
    const b = await post({ reviewId: w.reviewId });
    const c = await post({ itemId: second.id });
    await w.as.editor('PATCH', `${w.base}/threads/${a}`, { resolved: true });
    const ids = async (query: string) => checked(await w.as.viewer('GET', `${w.base}/threads${query}`), 'get', THREADS).body.threads.map((t: { id: string }) => t.id);
    expect(await ids('')).toEqual([a, b, c]);
    expect(await ids(`?itemId=${second.id}`)).toEqual([c]);
    expect(await ids(`?reviewId=${w.reviewId}`)).toEqual([b]);
    expect(await ids('?resolved=true')).toEqual([a]);
    expect(await ids('?resolved=false')).toEqual([b, c]);
    const first = (await w.as.viewer('GET', `${w.base}/threads?limit=2`)).body;
    expect(first.threads.map((t: { id: string }) => t.id)).toEqual([a, b]);
    expect(await ids(`?limit=2&cursor=${first.nextCursor}`)).toEqual([c]);
    expect((await w.as.viewer('GET', `${w.base}/threads?cursor=bogus`)).body.error.code).toBe('validation_failed');
    expect((await w.as.outsider('GET', `${w.base}/threads`)).body.error.code).toBe('workspace_not_found');
  });
});

describe('isolation and limits', () => {
  it("answers thread_not_found for another workspace's thread through one's own workspace", async () => {
    const mine = await threadWorld(server);
    const theirs = await threadWorld(server);
    const { id } = (await theirs.as.editor('POST', `${theirs.base}/threads`, { itemId: theirs.file.id, body: 'private' })).body.thread;
    const mineAsOwner = mine.as.owner;
    const attempts: Array<[string, string, unknown]> = [
      ['GET', `${mine.base}/threads/${id}`, undefined],
      ['PATCH', `${mine.base}/threads/${id}`, { resolved: true }],
      ['DELETE', `${mine.base}/threads/${id}`, undefined],
      ['POST', `${mine.base}/threads/${id}/comments`, { body: 'x' }],
      ['PUT', `${mine.base}/drafts/reply:${id}`, { threadId: id, body: 'x' }],
    ];
    for (const [method, path, body] of attempts) expect([method, (await mineAsOwner(method, path, body)).body.error.code]).toEqual([method, 'thread_not_found']);
    expect((await mine.as.owner('GET', `${mine.base}/threads`)).body.threads).toEqual([]);
    expect((await theirs.as.viewer('GET', `${theirs.base}/threads/${id}`)).status).toBe(200);
  });

  it('holds 10,000 threads per workspace, 500 comments per thread and 200 drafts per user', async () => {
    const w = await threadWorld(server);
    const db = server.context.db.raw;
    const { id } = (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, body: 'first' })).body.thread;
    await db.query(`INSERT INTO thread_comments (thread_id, author_id, body) SELECT $1, $2, 'c' || n FROM generate_series(2, 500) n`, [id, w.editor.id]);
    expect((await w.as.editor('POST', `${w.base}/threads/${id}/comments`, { body: 'one more' })).body.error.code).toBe('comment_limit');
    await db.query(`INSERT INTO comment_threads (workspace_id, item_id, path, author_id) SELECT $1, $2, 'main.py', $3 FROM generate_series(2, 10000)`, [w.workspaceId, w.file.id, w.editor.id]);
    expect((await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, body: 'one more' })).body.error.code).toBe('thread_limit');
    await db.query(`INSERT INTO comment_drafts (user_id, workspace_id, key, body) SELECT $1, $2, 'k' || n, '' FROM generate_series(1, 200) n`, [w.editor.id, w.workspaceId]);
    expect((await w.as.editor('PUT', `${w.base}/drafts/one-more`, { body: 'x' })).body.error.code).toBe('draft_limit');
    expect((await w.as.editor('PUT', `${w.base}/drafts/k1`, { body: 'an existing key is replaced' })).status).toBe(200);
  });
});
