/**
 * Review snapshots and "changes since", over real HTTP against a real server and
 * PostgreSQL: the author edits after a verdict (a changed line, a file added, one
 * deleted, one moved) and `changes?since=last-verdict` shows exactly those, while
 * `since=submission` shows everything since the submission; who may not see the
 * request gets 404, a bad `since` 400, an event without a snapshot 404; an approval
 * goes stale when a file changes after it (a deletion of text too, which a state
 * vector alone would miss); and a verdict's snapshot still rebuilds the text it was
 * given on exactly after the file was edited, compacted (its deleted text garbage-
 * collected) and deleted. Every answer is checked against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSharedWorkspace, insertUser, type FixtureUser, type SharedWorkspace } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Answer } from '../workspace/test-client';
import { buildOpenApiDocument } from './openapi';
import { documentValidator } from './openapi-test-validator';

let server: TestServer;
beforeAll(async () => {
  // Idle documents unload (and compact) quickly, so the last test sees a compacted one.
  server = await startTestServer({ unloadAfterMs: 100, contentFlushMs: 20 });
});
afterAll(async () => {
  await server?.stop();
});

const validator = documentValidator(buildOpenApiDocument() as unknown as Record<string, unknown>);

async function call(user: FixtureUser, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await client(server.url, user.token)(method, path, body);
  const documented = path.replace(/\?.*$/, '').replace(/\/files\/.*$/, '/files/{path}').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, (id) => (path.includes('/items/') && path.endsWith(id) ? '{itemId}' : '{id}'));
  if (!documented.includes('/files/')) {
    const schema = validator.responseSchema(method.toLowerCase(), documented, res.status);
    expect(validator.errors(schema, res.body), `${method} ${path} ${res.status}: ${res.text}`).toBeNull();
  }
  return res;
}

async function reviewer(): Promise<FixtureUser> {
  const user = await insertUser(server.context.db);
  expect((await call(user, 'PATCH', '/api/users/me', { reviewerLevel: 1 })).status).toBe(200);
  return user;
}

/** Writes a file as `user` (created when new); answers its item id. */
async function put(f: SharedWorkspace, path: string, text: string, user = f.editor): Promise<string> {
  const res = await call(user, 'PUT', `/api/workspaces/${f.workspaceId}/files/${path}`, text);
  expect(res.status, res.text).toBeLessThan(300);
  return res.body.item.id;
}

const act = async (user: FixtureUser, id: string, action: string) => {
  const res = await call(user, 'POST', `/api/reviews/${id}/transitions`, { action });
  expect(res.status, res.text).toBe(200);
  return res.body.review;
};
const changes = (user: FixtureUser, id: string, since?: string) => call(user, 'GET', `/api/reviews/${id}/changes${since === undefined ? '' : `?since=${since}`}`);
const eventsOf = async (user: FixtureUser, id: string) => (await call(user, 'GET', `/api/reviews/${id}/events`)).body.events as Array<{ id: string; kind: string }>;
/** The added and deleted lines of a file's hunks, as `+text` / `-text`. */
const edits = (file: any) => file.hunks.flatMap((h: any) => h.lines.filter((l: any) => l.op !== 'context').map((l: any) => `${l.op === 'add' ? '+' : '-'}${l.text}`));

describe('changes since a verdict', () => {
  it('shows exactly what the author did after the verdict, and everything since the submission', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer();
    const a = await put(f, 'a.py', 'import os\n\ndef main():\n    return 1\n');
    const b = await put(f, 'b.py', 'gone = True\n');
    const c = await put(f, 'c.py', 'moved = 1\n');
    await put(f, 'keep.py', 'unchanged\n');
    const submitted = await call(f.editor, 'POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 'Parser', priority: 'low', reviewer: named.username });
    expect(submitted.status).toBe(201);
    const id = submitted.body.review.id;
    expect(submitted.body.review.lastVerdict).toBeNull();

    await act(named, id, 'start');
    await put(f, 'a.py', 'import sys\n\ndef main():\n    return 1\n'); // before the verdict: in since=submission only
    expect((await act(named, id, 'request_changes')).lastVerdict).toMatchObject({ kind: 'changes_requested', stale: false });

    await put(f, 'a.py', 'import sys\n\ndef main():\n    return 2\n');
    const d = await put(f, 'd.py', 'new\nfile\n');
    expect((await call(f.editor, 'DELETE', `/api/workspaces/${f.workspaceId}/files/b.py`)).status).toBe(204);
    expect((await call(f.editor, 'PATCH', `/api/workspaces/${f.workspaceId}/items/${c}`, { parentId: f.folder.id })).status).toBe(200);

    const since = await changes(named, id); // default: the last verdict
    expect(since.status, since.text).toBe(200);
    const [, , , verdict] = await eventsOf(named, id);
    expect(since.body.since).toMatchObject({ eventId: verdict!.id, kind: 'changes_requested' });
    expect(since.body.files.map((x: any) => [x.status, x.path, x.oldPath, x.itemId])).toEqual([
      ['changed', 'a.py', 'a.py', a],
      ['deleted', 'b.py', 'b.py', b],
      ['added', 'd.py', null, d],
      ['renamed', 'src/c.py', 'c.py', c],
    ]);
    const [changed, deleted, added, renamed] = since.body.files;
    expect(changed.hunks).toEqual([
      {
        oldStart: 1, oldLines: 4, newStart: 1, newLines: 4,
        lines: [
          { op: 'context', text: 'import sys\n' },
          { op: 'context', text: '\n' },
          { op: 'context', text: 'def main():\n' },
          { op: 'del', text: '    return 1\n' },
          { op: 'add', text: '    return 2\n' },
        ],
      },
    ]);
    expect(changed).toMatchObject({ oldText: 'import sys\n\ndef main():\n    return 1\n', newText: 'import sys\n\ndef main():\n    return 2\n', tooLarge: false });
    expect(deleted).toMatchObject({ oldText: 'gone = True\n', newText: null });
    expect(edits(deleted)).toEqual(['-gone = True\n']);
    expect(added).toMatchObject({ oldText: null, newText: 'new\nfile\n' });
    expect(edits(added)).toEqual(['+new\n', '+file\n']);
    expect(renamed).toMatchObject({ oldText: 'moved = 1\n', newText: 'moved = 1\n', hunks: [] });

    const cumulative = await changes(named, id, 'submission');
    expect(cumulative.body.since.kind).toBe('submitted');
    expect(cumulative.body.files.map((x: any) => [x.status, x.path])).toEqual([['changed', 'a.py'], ['deleted', 'b.py'], ['added', 'd.py'], ['renamed', 'src/c.py']]);
    expect(edits(cumulative.body.files[0])).toEqual(['-import os\n', '+import sys\n', '-    return 1\n', '+    return 2\n']);
    expect((await changes(named, id, 'last-verdict')).body).toEqual(since.body);
    expect((await changes(named, id, verdict!.id.toUpperCase())).body).toEqual(since.body);

    // The verdict was given on other code now.
    expect((await call(named, 'GET', `/api/reviews/${id}`)).body.review.lastVerdict).toEqual({ eventId: verdict!.id, kind: 'changes_requested', at: expect.any(String), stale: true });
    const listed = await call(f.editor, 'GET', '/api/reviews?role=author');
    const row = listed.body.reviews.find((r: any) => r.id === id);
    expect(row.lastVerdict, 'a list row has the verdict, without `stale`').toEqual({ eventId: verdict!.id, kind: 'changes_requested', at: expect.any(String) });
  });

  it('answers 404 to whoever may not see the request, 400 to a bad `since`, 404 `snapshot_not_found` to an event without one', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer();
    await put(f, 'a.py', 'x\n');
    const id = (await call(f.editor, 'POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 'T', priority: 'low', reviewer: named.username })).body.review.id;
    const other = await insertSharedWorkspace(server.context.db);
    const otherId = (await call(other.editor, 'POST', `/api/workspaces/${other.workspaceId}/reviews`, { title: 'T', priority: 'low', reviewer: named.username })).body.review.id;
    await act(named, id, 'start');

    for (const since of [undefined, 'submission']) {
      const res = await changes(f.outsider, id, since);
      expect([res.status, res.body.error.code]).toEqual([404, 'review_not_found']);
    }
    for (const since of ['yesterday', '1234', '']) {
      const res = await changes(named, id, since);
      expect([res.status, res.body.error.code], since).toEqual([400, 'validation_failed']);
    }
    const [submitted, assigned, started] = await eventsOf(named, id);
    const [otherSubmitted] = await eventsOf(named, otherId);
    for (const event of [assigned!, started!, otherSubmitted!, { id: '00000000-0000-4000-8000-000000000000' }]) {
      const res = await changes(named, id, event.id);
      expect([res.status, res.body.error.code]).toEqual([404, 'snapshot_not_found']);
    }
    // No verdict yet: the default falls back to the submission.
    const res = await changes(f.viewer, id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ since: { eventId: submitted!.id, kind: 'submitted', at: expect.any(String) }, files: [] });
  });
});

describe('stale verdicts and kept snapshots', () => {
  it('marks an approval stale once a file changes after it, even by a deletion alone', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer();
    await put(f, 'a.py', 'keep this line\ndrop this line\n');
    const id = (await call(f.editor, 'POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 'T', priority: 'low', reviewer: named.username })).body.review.id;
    await act(named, id, 'start');
    const approved = await act(named, id, 'approve');
    expect(approved.lastVerdict).toMatchObject({ kind: 'approved', stale: false });
    expect((await call(f.viewer, 'GET', `/api/reviews/${id}`)).body.review.lastVerdict.stale).toBe(false);

    await put(f, 'a.py', 'keep this line\n'); // only deletes: the state vector stays as it was
    expect((await call(f.viewer, 'GET', `/api/reviews/${id}`)).body.review.lastVerdict).toMatchObject({ kind: 'approved', stale: true });
    const res = await changes(f.viewer, id);
    expect(res.body.files.map((x: any) => [x.status, x.path, edits(x)])).toEqual([['changed', 'a.py', ['-drop this line\n']]]);
  });

  it("rebuilds the text a verdict was given on exactly, after the file was edited, compacted and deleted", async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer();
    const reviewed = 'line one\r\nsecret words here\r\nno final newline';
    const fileId = await put(f, 'notes.txt', reviewed);
    const id = (await call(f.editor, 'POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 'T', priority: 'low', reviewer: named.username })).body.review.id;
    await act(named, id, 'start');
    await act(named, id, 'reject');
    const rejected = (await eventsOf(named, id)).find((e) => e.kind === 'rejected')!;

    await put(f, 'notes.txt', 'line one\r\nno final newline');
    // The document unloads idle and is compacted: the deleted words are garbage-collected from its stored state.
    const raw = server.context.db.raw;
    await expect
      .poll(async () => {
        const { rows } = await raw.query(
          `SELECT i.yjs_state, (SELECT count(*)::int FROM document_updates u WHERE u.item_id = i.id) AS log FROM workspace_items i WHERE i.id = $1`,
          [fileId],
        );
        return rows[0].log === 0 && rows[0].yjs_state !== null;
      }, { timeout: 10_000, interval: 100 })
      .toBe(true);
    const { rows } = await raw.query(`SELECT yjs_state FROM workspace_items WHERE id = $1`, [fileId]);
    expect((rows[0].yjs_state as Buffer).includes(Buffer.from('secret words')), 'the stored document no longer holds the deleted text').toBe(false);

    expect((await call(f.editor, 'DELETE', `/api/workspaces/${f.workspaceId}/files/notes.txt`)).status).toBe(204);
    const res = await changes(named, id, rejected.id);
    expect(res.body.files).toEqual([
      {
        itemId: fileId, status: 'deleted', path: 'notes.txt', oldPath: 'notes.txt', oldText: reviewed, newText: null, tooLarge: false,
        hunks: [{ oldStart: 1, oldLines: 3, newStart: 0, newLines: 0, lines: ['line one\r\n', 'secret words here\r\n', 'no final newline'].map((text) => ({ op: 'del', text })) }],
      },
    ]);
  });

  it('keeps one copy of an unchanged state across snapshots, and deletes the copies with the workspace', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer();
    await put(f, 'big.py', `${'x = 1\n'.repeat(1000)}`);
    const id = (await call(f.editor, 'POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 'T', priority: 'low', reviewer: named.username })).body.review.id;
    await act(named, id, 'start');
    await act(named, id, 'request_changes');
    await act(f.editor, id, 'rerequest');
    const raw = server.context.db.raw;
    const blobs = async () =>
      (await raw.query(
        `SELECT count(DISTINCT f.blob_hash)::int AS blobs, count(*)::int AS files FROM review_snapshot_files f JOIN review_events e ON e.id = f.event_id WHERE e.review_id = $1`,
        [id],
      )).rows[0];
    // main.py (the fixture's, empty) and big.py, in three snapshots: two states.
    expect(await blobs()).toEqual({ blobs: 2, files: 6 });
    const { rows } = await raw.query(
      `SELECT b.hash FROM review_blobs b JOIN review_snapshot_files f ON f.blob_hash = b.hash JOIN review_events e ON e.id = f.event_id WHERE e.review_id = $1`,
      [id],
    );
    const hashes = [...new Set(rows.map((r) => (r.hash as Buffer).toString('hex')))];
    await raw.query('DELETE FROM workspaces WHERE id = $1', [f.workspaceId]);
    const left = await raw.query(`SELECT encode(hash, 'hex') AS hash FROM review_blobs WHERE encode(hash, 'hex') = ANY($1)`, [hashes]);
    // The empty document's state is the same bytes in every workspace: another review may still hold it.
    const stillReferenced = await raw.query(`SELECT DISTINCT encode(blob_hash, 'hex') AS hash FROM review_snapshot_files WHERE encode(blob_hash, 'hex') = ANY($1)`, [hashes]);
    expect(left.rows.map((r) => r.hash).sort()).toEqual(stillReferenced.rows.map((r) => r.hash).sort());
    expect(left.rows.length).toBeLessThan(hashes.length);
  });
});
