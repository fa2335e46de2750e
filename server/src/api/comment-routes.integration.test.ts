/**
 * Suggestions, drafts and the notifications of comments, against a real server with a
 * real y-websocket client in the file: a suggestion applied is one change that replaces
 * exactly the range; on changed code the three texts come back and `force` applies;
 * orphaned code has nothing to replace. Drafts are private and survive a restart.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectProvider, eventually, synced, type ProviderClient } from '../sync/sync-test-clients';
import { numberedLines, threadWorld, type ThreadWorld } from '../testing/thread-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client } from '../workspace/test-client';

let server: TestServer;
const providers: ProviderClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const p of providers.splice(0)) p.destroy();
});
afterAll(async () => {
  await server?.stop();
});

async function peerOf(w: ThreadWorld): Promise<ProviderClient> {
  const p = connectProvider(server.wsUrl, w.workspaceId, w.file.id, w.editor.token);
  providers.push(p);
  await synced(p);
  return p;
}

async function suggest(w: ThreadWorld, line: number, suggestion: string) {
  const thread = (await w.as.reviewer('POST', `${w.base}/threads`, { itemId: w.file.id, reviewId: w.reviewId, range: { line }, body: 'try this', suggestion })).body.thread;
  return { id: thread.id as string, commentId: thread.comments[0].id as string };
}

describe('apply-suggestion', () => {
  it('replaces exactly the range in one change, re-anchors the thread on the new text, and records who applied it', async () => {
    const w = await threadWorld(server, numberedLines(4));
    const peer = await peerOf(w);
    const { id, commentId } = await suggest(w, 2, 'line TWO, better\n');
    const apply = (call: (typeof w.as)['owner'], body: object = { commentId }) => call('POST', `${w.base}/threads/${id}/apply-suggestion`, body);
    // The reviewer may suggest, not apply; nor may a viewer.
    expect((await apply(w.as.reviewer)).body.error.code).toBe('insufficient_role');
    expect((await apply(w.as.viewer)).body.error.code).toBe('insufficient_role');

    const updates: Uint8Array[] = [];
    peer.doc.on('update', (u: Uint8Array) => updates.push(u));
    const applied = await apply(w.as.editor);
    expect(applied.status).toBe(200);
    await eventually(() => peer.text.toString() === 'line 1\nline TWO, better\nline 3\nline 4\n', 'the peer sees the suggestion');
    expect(updates).toHaveLength(1);
    expect(applied.body.thread).toMatchObject({ state: 'anchored', quote: 'line TWO, better\n', startLine: 2, endLine: 2 });
    expect(applied.body.thread.comments[0]).toMatchObject({ appliedAt: expect.any(String), appliedBy: { id: w.editor.id } });
    const { rows } = await server.context.db.raw.query(`SELECT kind, actor_id, comment_id, data FROM thread_events WHERE thread_id = $1`, [id]);
    expect(rows).toMatchObject([{ kind: 'suggestion_applied', actor_id: w.editor.id, comment_id: commentId, data: { quote: 'line 2\n', replaced: 'line 2\n', forced: false } }]);
  });

  it('on changed code answers 409 suggestion_conflict with quote, current and suggestion; force applies over the current text', async () => {
    const w = await threadWorld(server, numberedLines(4));
    const peer = await peerOf(w);
    const { id, commentId } = await suggest(w, 3, 'line THREE\n');
    peer.text.insert(peer.text.toString().indexOf('line 3') + 5, 'the ');
    await eventually(async () => (await w.as.editor('GET', `${w.base}/threads/${id}`)).body.thread.state === 'changed', 'changed');
    const conflict = await w.as.editor('POST', `${w.base}/threads/${id}/apply-suggestion`, { commentId });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: 'suggestion_conflict', details: { quote: 'line 3\n', current: 'line the 3\n', suggestion: 'line THREE\n' } });
    expect(peer.text.toString()).toContain('line the 3\n');

    const forced = await w.as.owner('POST', `${w.base}/threads/${id}/apply-suggestion`, { commentId, force: true });
    expect(forced.status).toBe(200);
    await eventually(() => peer.text.toString() === 'line 1\nline 2\nline THREE\nline 4\n', 'forced over the current text');
    expect(forced.body.thread.state).toBe('anchored');
  });

  it('has nothing to replace when orphaned or whole-file (current null); refuses a comment without a suggestion', async () => {
    const w = await threadWorld(server, numberedLines(4));
    const peer = await peerOf(w);
    const { id, commentId } = await suggest(w, 4, 'line FOUR\n');
    peer.text.delete(21, 7);
    await eventually(async () => (await w.as.editor('GET', `${w.base}/threads/${id}`)).body.thread.state === 'orphaned', 'orphaned');
    const orphaned = await w.as.editor('POST', `${w.base}/threads/${id}/apply-suggestion`, { commentId, force: true });
    expect([orphaned.status, orphaned.body.error.code, orphaned.body.error.details]).toEqual([409, 'suggestion_conflict', { quote: 'line 4\n', current: null, suggestion: 'line FOUR\n' }]);

    const whole = (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, body: 'x', suggestion: 'all new' })).body.thread;
    const wholeAnswer = await w.as.editor('POST', `${w.base}/threads/${whole.id}/apply-suggestion`, { commentId: whole.comments[0].id });
    expect([wholeAnswer.status, wholeAnswer.body.error.details.current]).toEqual([409, null]);

    const plain = (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line: 1 }, body: 'no suggestion' })).body.thread;
    expect((await w.as.editor('POST', `${w.base}/threads/${plain.id}/apply-suggestion`, { commentId: plain.comments[0].id })).body.error.code).toBe('no_suggestion');
    expect((await w.as.editor('POST', `${w.base}/threads/${plain.id}/apply-suggestion`, { commentId })).body.error.code).toBe('comment_not_found');
  });
});

describe('drafts', () => {
  it('are private, replaced by key, deleted by posting with draftKey, and survive a restart', async () => {
    const w = await threadWorld(server);
    const key = `new:${w.file.id}:7f1c6f1e-8a0a-4b8e-9d51-3f1f2c4b5a6d`;
    const saved = await w.as.editor('PUT', `${w.base}/drafts/${key}`, { itemId: w.file.id, range: { line: 2 }, body: 'half a tho' });
    expect(saved.status).toBe(200);
    expect(saved.body.draft).toMatchObject({ key, itemId: w.file.id, threadId: null, range: { line: 2 }, body: 'half a tho', suggestion: null });
    await w.as.editor('PUT', `${w.base}/drafts/${key}`, { itemId: w.file.id, range: { line: 2 }, body: 'half a thought' });
    await w.as.editor('PUT', `${w.base}/drafts/reply:elsewhere`, { body: 'another' });
    const mine = await w.as.editor('GET', `${w.base}/drafts`);
    expect(mine.body.drafts.map((d: { key: string; body: string }) => [d.key, d.body]).sort()).toEqual([[key, 'half a thought'], ['reply:elsewhere', 'another']]);
    for (const who of ['owner', 'viewer', 'reviewer'] as const) expect((await w.as[who]('GET', `${w.base}/drafts`)).body.drafts).toEqual([]);
    expect((await w.as.viewer('PUT', `${w.base}/drafts/mine`, { body: 'x' })).body.error.code).toBe('insufficient_role');
    expect((await w.as.editor('PUT', `${w.base}/drafts/bad key!`, { body: 'x' })).body.error.code).toBe('validation_failed');
    expect((await w.as.editor('PUT', `${w.base}/drafts/k`, { body: 'x'.repeat(20_000), suggestion: 'y'.repeat(10_001) })).body.error.code).toBe('validation_failed');
    expect((await w.as.editor('PUT', `${w.base}/drafts/k`, { threadId: '00000000-0000-4000-8000-000000000000', body: 'x' })).body.error.code).toBe('thread_not_found');

    // A second server on the same database (a restart): the drafts are there.
    const again = await startTestServer({}, server.database);
    try {
      const after = await client(again.url, w.editor.token)('GET', `${w.base}/drafts`);
      expect(after.body.drafts).toHaveLength(2);
    } finally {
      await again.close();
    }

    const posted = await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line: 2 }, body: 'half a thought', draftKey: key });
    expect(posted.status).toBe(201);
    expect((await w.as.editor('GET', `${w.base}/drafts`)).body.drafts.map((d: { key: string }) => d.key)).toEqual(['reply:elsewhere']);
    expect((await w.as.editor('DELETE', `${w.base}/drafts/reply:elsewhere`)).status).toBe(204);
    expect((await w.as.editor('DELETE', `${w.base}/drafts/reply:elsewhere`)).status).toBe(204);
    expect((await w.as.editor('GET', `${w.base}/drafts`)).body.drafts).toEqual([]);
  });
});

describe('notifications of comments', () => {
  const inbox = async (w: ThreadWorld, who: 'owner' | 'editor' | 'viewer' | 'outsider' | 'reviewer') =>
    (await w.as[who]('GET', '/api/notifications')).body.notifications.map((n: { kind: string; threadId: string; actorUsername: string }) => [n.kind, n.threadId, n.actorUsername]);

  it('review_thread to the review\'s author and reviewer, comment_reply to the thread\'s author and earlier commenters, comment_mention to readers only; never the actor', async () => {
    const w = await threadWorld(server);
    const thread = (await w.as.reviewer('POST', `${w.base}/threads`, { itemId: w.file.id, reviewId: w.reviewId, range: { line: 1 }, body: 'On your review' })).body.thread;
    expect(await inbox(w, 'editor')).toEqual([['review_thread', thread.id, w.reviewer.username]]);
    expect(await inbox(w, 'reviewer')).toEqual([]);

    await w.as.owner('POST', `${w.base}/threads/${thread.id}/comments`, { body: `agreed, @${w.viewer.username} and @${w.outsider.username} see?` });
    expect(await inbox(w, 'reviewer')).toEqual([['comment_reply', thread.id, w.owner.username]]);
    expect(await inbox(w, 'viewer')).toEqual([['comment_mention', thread.id, w.owner.username]]);
    expect(await inbox(w, 'outsider')).toEqual([]);
    expect(await inbox(w, 'owner')).toEqual([]);

    await w.as.editor('POST', `${w.base}/threads/${thread.id}/comments`, { body: `fixed, thanks @${w.reviewer.username}` });
    expect((await inbox(w, 'reviewer'))[0]).toEqual(['comment_mention', thread.id, w.editor.username]);
    expect((await inbox(w, 'owner'))[0]).toEqual(['comment_reply', thread.id, w.editor.username]);
    const full = (await w.as.owner('GET', '/api/notifications')).body.notifications[0];
    expect(full).toMatchObject({ kind: 'comment_reply', workspaceId: w.workspaceId, threadId: thread.id, reviewId: w.reviewId });
  });

  it('an edit tells only the readers it newly mentions, once, and nobody else', async () => {
    const w = await threadWorld(server);
    const thread = (await w.as.editor('POST', `${w.base}/threads`, { itemId: w.file.id, range: { line: 1 }, body: `look @${w.owner.username}` })).body.thread;
    expect(await inbox(w, 'owner')).toEqual([['comment_mention', thread.id, w.editor.username]]);
    const commentId = thread.comments[0].id;
    const edit = (body: string) => w.as.editor('PATCH', `${w.base}/threads/${thread.id}/comments/${commentId}`, { body });

    expect((await edit(`look @${w.owner.username}, and @${w.viewer.username} and @${w.outsider.username} too`)).status).toBe(200);
    expect(await inbox(w, 'viewer')).toEqual([['comment_mention', thread.id, w.editor.username]]);
    expect(await inbox(w, 'owner')).toHaveLength(1); // named before the edit: told once, when posted
    expect(await inbox(w, 'outsider')).toEqual([]); // no reader of the workspace: a mention is no way in

    expect((await edit(`look @${w.owner.username}, and @${w.viewer.username} too (typo fixed)`)).status).toBe(200);
    expect(await inbox(w, 'viewer')).toHaveLength(1);
  });
});
