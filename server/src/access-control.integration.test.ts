/**
 * Access control over EVERY route of the router, for every role: anonymous, a signed-in
 * non-member, an assigned reviewer (of an open review of the workspace, not a member:
 * reads like a viewer, may not leave or act), viewer, editor and owner. A route the table does not cover fails the
 * test, so a new endpoint cannot ship without deciding who may call it.
 *
 * Each cell gets a fresh workspace (SQL fixtures), so destructive calls do not leak
 * into other cells. Beyond status codes: users cannot reach another workspace's items
 * through their own workspace, nor see or revoke other users' tokens, and the sockets
 * (`/sync`, `/ws`) refuse anonymous users and non-members and keep viewers read-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { writeZipFixture } from './archive/zip-fixture';
import { insertReviewRequest, insertSharedWorkspace, insertUser, type FixtureUser, type SharedWorkspace } from './testing/sql-fixtures';
import { startTestServer, type TestServer } from './testing/test-server';
import { client } from './workspace/test-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const ROLES = ['anonymous', 'outsider', 'reviewer', 'viewer', 'editor', 'owner'] as const;
type Who = (typeof ROLES)[number];
/** Expected status per role, in ROLES order. */
type Row = [anonymous: number, outsider: number, reviewer: number, viewer: number, editor: number, owner: number];

type Fixture = SharedWorkspace & { tokenId: string; reviewId: string; reviewer: FixtureUser; assignedReviewId: string; notificationId: string; threadId: string; commentId: string };

interface Case {
  request: (f: Fixture) => { path: string; body?: unknown };
  expect: Row;
}

const ws = (f: SharedWorkspace) => `/api/workspaces/${f.workspaceId}`;
const all = (status: number): Row => [status, status, status, status, status, status];
const signedIn = (status: number): Row => [401, status, status, status, status, status];
/** The assigned reviewer reads what a viewer reads, unless told otherwise. */
const members = (viewer: number, editor: number, owner: number, reviewer = viewer): Row => [401, 404, reviewer, viewer, editor, owner];

/** `METHOD pattern` → how to call it and what each role gets. */
const TABLE: Record<string, Case> = {
  'GET /api/health': { request: () => ({ path: '/api/health' }), expect: all(200) },
  'GET /api/health/detailed': { request: () => ({ path: '/api/health/detailed' }), expect: all(200) },
  'GET /api/health/ready': { request: () => ({ path: '/api/health/ready' }), expect: all(200) },
  'GET /metrics': { request: () => ({ path: '/metrics' }), expect: all(200) },
  'GET /api/openapi.json': { request: () => ({ path: '/api/openapi.json' }), expect: all(200) },
  'GET /api/docs': { request: () => ({ path: '/api/docs' }), expect: all(200) },
  'POST /api/auth/register': { request: () => ({ path: '/api/auth/register', body: {} }), expect: all(400) },
  'POST /api/auth/login': { request: () => ({ path: '/api/auth/login', body: {} }), expect: all(400) },
  'POST /api/auth/logout': { request: () => ({ path: '/api/auth/logout' }), expect: all(204) },
  'GET /api/auth/me': { request: () => ({ path: '/api/auth/me' }), expect: signedIn(200) },
  'POST /api/tokens': { request: () => ({ path: '/api/tokens', body: { name: 'cell' } }), expect: signedIn(201) },
  'GET /api/tokens': { request: () => ({ path: '/api/tokens' }), expect: signedIn(200) },
  // The owner's own token: nobody else can revoke it.
  'DELETE /api/tokens/:id': { request: (f) => ({ path: `/api/tokens/${f.tokenId}` }), expect: [401, 404, 404, 404, 404, 204] },

  'GET /api/workspaces': { request: () => ({ path: '/api/workspaces' }), expect: signedIn(200) },
  'POST /api/workspaces': { request: () => ({ path: '/api/workspaces', body: { name: 'cell' } }), expect: signedIn(201) },
  'GET /api/workspaces/:id': { request: (f) => ({ path: ws(f) }), expect: members(200, 200, 200) },
  'PATCH /api/workspaces/:id': { request: (f) => ({ path: ws(f), body: { name: 'renamed' } }), expect: members(403, 200, 200) },
  'DELETE /api/workspaces/:id': { request: (f) => ({ path: ws(f) }), expect: members(403, 403, 204) },
  // Any role that reads files downloads; anyone signed in imports (and owns the copy).
  'GET /api/workspaces/:id/archive': { request: (f) => ({ path: `${ws(f)}/archive?format=tar.gz` }), expect: members(200, 200, 200) },
  'POST /api/workspaces/import': { request: () => ({ path: '/api/workspaces/import?name=cell', body: writeZipFixture([{ name: 'a.txt', data: 'a' }]) }), expect: signedIn(201) },
  'GET /api/workspaces/:id/settings': { request: (f) => ({ path: `${ws(f)}/settings` }), expect: members(200, 200, 200) },
  'PUT /api/workspaces/:id/settings': { request: (f) => ({ path: `${ws(f)}/settings`, body: { runCommands: { py: 'python3 {file}' } } }), expect: members(403, 403, 200) },

  'GET /api/workspaces/:id/members': { request: (f) => ({ path: `${ws(f)}/members` }), expect: members(200, 200, 200) },
  'POST /api/workspaces/:id/members': {
    request: (f) => ({ path: `${ws(f)}/members`, body: { username: f.outsider.username, role: 'viewer' } }),
    expect: members(403, 403, 201),
  },
  'PATCH /api/workspaces/:id/members/:userId': {
    request: (f) => ({ path: `${ws(f)}/members/${f.viewer.id}`, body: { role: 'editor' } }),
    expect: members(403, 403, 200),
  },
  // The viewer removing themselves is leaving; the editor, or the reviewer, may not remove the viewer.
  'DELETE /api/workspaces/:id/members/:userId': { request: (f) => ({ path: `${ws(f)}/members/${f.viewer.id}` }), expect: members(204, 403, 204, 403) },

  'GET /api/workspaces/:id/items': { request: (f) => ({ path: `${ws(f)}/items` }), expect: members(200, 200, 200) },
  'POST /api/workspaces/:id/items': { request: (f) => ({ path: `${ws(f)}/items`, body: { name: 'new.py', type: 'file' } }), expect: members(403, 201, 201) },
  'PATCH /api/workspaces/:id/items/:itemId': { request: (f) => ({ path: `${ws(f)}/items/${f.file.id}`, body: { name: 'renamed.py' } }), expect: members(403, 200, 200) },
  'DELETE /api/workspaces/:id/items/:itemId': { request: (f) => ({ path: `${ws(f)}/items/${f.folder.id}` }), expect: members(403, 204, 204) },

  'GET /api/workspaces/:id/files/*': { request: (f) => ({ path: `${ws(f)}/files/main.py` }), expect: members(200, 200, 200) },
  'PUT /api/workspaces/:id/files/*': { request: (f) => ({ path: `${ws(f)}/files/src/new.py`, body: 'print(1)\n' }), expect: members(403, 201, 201) },
  'DELETE /api/workspaces/:id/files/*': { request: (f) => ({ path: `${ws(f)}/files/main.py` }), expect: members(403, 204, 204) },

  // An empty body: the role check comes first, and nothing is run.
  'POST /api/workspaces/:id/run': { request: (f) => ({ path: `${ws(f)}/run`, body: {} }), expect: members(403, 400, 400) },

  // The fixture's review: the editor's, unassigned (the outsider, level 0, may not claim it).
  'POST /api/workspaces/:id/reviews': {
    request: (f) => ({ path: `${ws(f)}/reviews`, body: { title: 'cell', priority: 'low', reviewer: null } }),
    expect: members(403, 201, 201),
  },
  'GET /api/reviews': { request: () => ({ path: '/api/reviews' }), expect: signedIn(200) },
  'GET /api/reviews/:id': { request: (f) => ({ path: `/api/reviews/${f.reviewId}` }), expect: members(200, 200, 200) },
  // Only the author withdraws; members see the request but may do nothing to it.
  'POST /api/reviews/:id/transitions': {
    request: (f) => ({ path: `/api/reviews/${f.reviewId}/transitions`, body: { action: 'withdraw' } }),
    expect: members(409, 200, 409),
  },
  'GET /api/reviews/:id/events': { request: (f) => ({ path: `/api/reviews/${f.reviewId}/events?verify=1` }), expect: members(200, 200, 200) },
  // The owner's review, assigned to the reviewer column's user.
  'GET /api/reviews/:id/changes': { request: (f) => ({ path: `/api/reviews/${f.assignedReviewId}/changes` }), expect: members(200, 200, 200) },
  'PATCH /api/users/me': { request: () => ({ path: '/api/users/me', body: { reviewerLevel: 0 } }), expect: signedIn(200) },
  // A wrong current password: refused for everyone, and nobody's password changes.
  'POST /api/users/me/password': { request: () => ({ path: '/api/users/me/password', body: { currentPassword: 'not the password', newPassword: 'a brand new password' } }), expect: signedIn(403) },
  'GET /api/reviewers': { request: () => ({ path: '/api/reviewers' }), expect: signedIn(200) },
  // The inbox is one's own: the fixture's notification is the owner's, nobody else's to read.
  'GET /api/notifications': { request: () => ({ path: '/api/notifications' }), expect: signedIn(200) },
  'POST /api/notifications/:id/read': { request: (f) => ({ path: `/api/notifications/${f.notificationId}/read` }), expect: [401, 404, 404, 404, 404, 200] },
  'POST /api/notifications/read-all': { request: () => ({ path: '/api/notifications/read-all' }), expect: signedIn(200) },

  // Comment threads. The fixture's thread is the editor's, on the whole file, outside any review; its
  // opening comment (the editor's) suggests a replacement. The assigned reviewer may comment, not apply.
  'GET /api/workspaces/:id/threads': { request: (f) => ({ path: `${ws(f)}/threads` }), expect: members(200, 200, 200) },
  'POST /api/workspaces/:id/threads': { request: (f) => ({ path: `${ws(f)}/threads`, body: { itemId: f.file.id, body: 'cell' } }), expect: members(403, 201, 201, 201) },
  'GET /api/workspaces/:id/threads/:threadId': { request: (f) => ({ path: `${ws(f)}/threads/${f.threadId}` }), expect: members(200, 200, 200) },
  // Resolving: the thread's author or the owner (the reviewer only on a thread of their review).
  'PATCH /api/workspaces/:id/threads/:threadId': { request: (f) => ({ path: `${ws(f)}/threads/${f.threadId}`, body: { resolved: true } }), expect: members(403, 200, 200, 403) },
  'DELETE /api/workspaces/:id/threads/:threadId': { request: (f) => ({ path: `${ws(f)}/threads/${f.threadId}` }), expect: members(403, 204, 204, 403) },
  'POST /api/workspaces/:id/threads/:threadId/comments': {
    request: (f) => ({ path: `${ws(f)}/threads/${f.threadId}/comments`, body: { body: 'cell' } }),
    expect: members(403, 201, 201, 201),
  },
  // Only the comment's author edits or deletes it: not even the owner (403 not_comment_author).
  'PATCH /api/workspaces/:id/threads/:threadId/comments/:commentId': {
    request: (f) => ({ path: `${ws(f)}/threads/${f.threadId}/comments/${f.commentId}`, body: { body: 'edited' } }),
    expect: members(403, 200, 403, 403),
  },
  'DELETE /api/workspaces/:id/threads/:threadId/comments/:commentId': {
    request: (f) => ({ path: `${ws(f)}/threads/${f.threadId}/comments/${f.commentId}` }),
    expect: members(403, 200, 403, 403),
  },
  // files.write; a whole-file thread has no range to replace (409 suggestion_conflict).
  'POST /api/workspaces/:id/threads/:threadId/apply-suggestion': {
    request: (f) => ({ path: `${ws(f)}/threads/${f.threadId}/apply-suggestion`, body: { commentId: f.commentId } }),
    expect: members(403, 409, 409, 403),
  },
  'GET /api/workspaces/:id/drafts': { request: (f) => ({ path: `${ws(f)}/drafts` }), expect: members(200, 200, 200) },
  'PUT /api/workspaces/:id/drafts/:key': { request: (f) => ({ path: `${ws(f)}/drafts/reply:${f.threadId}`, body: { threadId: f.threadId, body: 'half' } }), expect: members(403, 200, 200, 200) },
  'DELETE /api/workspaces/:id/drafts/:key': { request: (f) => ({ path: `${ws(f)}/drafts/reply:${f.threadId}` }), expect: members(403, 204, 204, 204) },
};

async function fixture(): Promise<Fixture> {
  const f = await insertSharedWorkspace(server.context.db);
  const { rows } = await server.context.db.raw.query<{ id: string }>('SELECT id FROM api_tokens WHERE user_id = $1', [f.owner.id]);
  const reviewId = await insertReviewRequest(server.context.db, { workspaceId: f.workspaceId, authorId: f.editor.id });
  // The reviewer column: level 1, no member, assigned to another open review of the workspace.
  const reviewer = await insertUser(server.context.db);
  await server.context.db.raw.query('UPDATE users SET reviewer_level = 1 WHERE id = $1', [reviewer.id]);
  // Submitted through the API, so it has its events and snapshot (the changes route reads them).
  const assigned = await client(server.url, f.owner.token)('POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 'assigned', priority: 'low', reviewer: reviewer.username });
  expect(assigned.status).toBe(201);
  const notification = await server.context.db.raw.query<{ id: string }>(
    `INSERT INTO notifications (user_id, kind, review_id, actor_id) VALUES ($1, 'review_claimed', $2, $3) RETURNING id::text`,
    [f.owner.id, reviewId, f.editor.id],
  );
  const thread = await server.context.db.raw.query<{ id: string }>(
    `INSERT INTO comment_threads (workspace_id, item_id, path, author_id) VALUES ($1, $2, $3, $4) RETURNING id`,
    [f.workspaceId, f.file.id, f.file.path, f.editor.id],
  );
  const threadId = thread.rows[0]!.id;
  const comment = await server.context.db.raw.query<{ id: string }>(
    `INSERT INTO thread_comments (thread_id, author_id, body, suggestion) VALUES ($1, $2, 'fixture', 'print(2)') RETURNING id`,
    [threadId, f.editor.id],
  );
  return { ...f, tokenId: rows[0]!.id, reviewId, reviewer, assignedReviewId: assigned.body.review.id, notificationId: notification.rows[0]!.id, threadId, commentId: comment.rows[0]!.id };
}

function tokenOf(f: Fixture, who: Who): string | undefined {
  return who === 'anonymous' ? undefined : f[who].token;
}

describe('access control over every route', () => {
  const routed = () => new Set(server.router.routes().map((r) => `${r.method} ${r.pattern}`));

  it('covers every route in the router', () => {
    const missing = [...routed()].filter((route) => !(route in TABLE));
    expect(missing, 'routes without an access-control row: add them to TABLE').toEqual([]);
  });

  for (const [route, { request, expect: row }] of Object.entries(TABLE)) {
    it(`${route}: ${ROLES.map((r, i) => `${r} ${row[i]}`).join(', ')}`, async (t) => {
      // A row for a route this build does not register (yet) has nothing to check.
      if (!routed().has(route)) t.skip();
      const method = route.split(' ')[0]!;
      const got: Record<string, number> = {};
      for (const who of ROLES) {
        const f = await fixture();
        const { path, body } = request(f);
        const res = await client(server.url, tokenOf(f, who))(method, path, body);
        got[who] = res.status;
        if (res.status >= 400) expect(res.body?.error?.code, `${route} as ${who}`).toEqual(expect.any(String));
      }
      expect(got).toEqual(Object.fromEntries(ROLES.map((r, i) => [r, row[i]])));
    });
  }
});

describe('no reaching into another workspace', () => {
  it("refuses another workspace's items and files through one's own workspace id", async () => {
    const victim = await fixture();
    const attacker = await insertUser(server.context.db);
    const call = client(server.url, attacker.token);
    const own = (await call('POST', '/api/workspaces', { name: 'mine' })).body.workspace.id;
    const attempts: Array<[string, string, unknown]> = [
      ['PATCH', `/api/workspaces/${own}/items/${victim.file.id}`, { name: 'stolen.py' }],
      ['PATCH', `/api/workspaces/${own}/items/${victim.file.id}`, { parentId: null }],
      ['DELETE', `/api/workspaces/${own}/items/${victim.folder.id}`, undefined],
      ['POST', `/api/workspaces/${own}/items`, { parentId: victim.folder.id, name: 'x', type: 'file' }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(method, path, body);
      expect({ method, status: res.status }).toEqual({ method, status: 404 });
    }
    const tree = await client(server.url, victim.owner.token)('GET', `/api/workspaces/${victim.workspaceId}/items`);
    expect(tree.body.items.map((i: { path: string }) => i.path)).toEqual(['main.py', 'src']);
    const mine = await call('GET', `/api/workspaces/${own}/items`);
    expect(mine.body.items.map((i: { path: string }) => i.path)).toEqual(['main.py']);
  });

  it("lists only the caller's own workspaces and tokens", async () => {
    const f = await fixture();
    const outsiderWorkspaces = await client(server.url, f.outsider.token)('GET', '/api/workspaces');
    expect(JSON.stringify(outsiderWorkspaces.body)).not.toContain(f.workspaceId);
    const tokens = await client(server.url, f.outsider.token)('GET', '/api/tokens');
    expect(JSON.stringify(tokens.body)).not.toContain(f.tokenId);
  });
});

describe('sockets', () => {
  const closeCode = (url: string) =>
    new Promise<number>((resolve) => {
      const s = new WebSocket(url);
      s.on('error', () => {});
      s.on('close', (code) => resolve(code));
    });

  it('ADMIT-4, CLOSE-2, CLOSE-3: refuse anonymous users (4401) and non-members (4403) on /sync and /ws', async () => {
    const f = await fixture();
    const sync = `${server.wsUrl}/sync/${f.workspaceId}/${f.file.id}`;
    const wsUrl = `${server.wsUrl}/ws/${f.workspaceId}`;
    expect(await closeCode(sync)).toBe(4401);
    expect(await closeCode(wsUrl)).toBe(4401);
    expect(await closeCode(`${sync}?token=${f.outsider.token}`)).toBe(4403);
    expect(await closeCode(`${wsUrl}?token=${f.outsider.token}`)).toBe(4403);
  });

  it('SYNC-5, SYNC-7: let viewers read on /ws and /sync, and drop their document updates with a permission-denied reply', async () => {
    const f = await fixture();
    const hello = await new Promise<{ type: string; role: string }>((resolve, reject) => {
      const s = new WebSocket(`${server.wsUrl}/ws/${f.workspaceId}?token=${f.viewer.token}`);
      s.once('message', (data) => {
        resolve(JSON.parse(data.toString()));
        s.close();
      });
      s.on('close', (code) => reject(new Error(`closed ${code}`)));
    });
    expect(hello).toMatchObject({ type: 'hello', role: 'viewer' });

    const before = (await client(server.url, f.owner.token)('GET', `/api/workspaces/${f.workspaceId}/files/main.py`)).text;
    const reply = await new Promise<number>((resolve, reject) => {
      const s = new WebSocket(`${server.wsUrl}/sync/${f.workspaceId}/${f.file.id}?token=${f.viewer.token}`);
      s.on('error', reject);
      s.on('open', () => {
        const doc = new Y.Doc();
        doc.getText('content').insert(0, 'viewer was here');
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 0);
        syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
        s.send(encoding.toUint8Array(encoder));
      });
      s.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) === 2) {
          resolve(decoding.readVarUint(decoder));
          s.close();
        }
      });
    });
    expect(reply).toBe(0); // auth message: permission denied
    const after = (await client(server.url, f.owner.token)('GET', `/api/workspaces/${f.workspaceId}/files/main.py`)).text;
    expect(after).toBe(before);
    expect(after).not.toContain('viewer was here');
  });
});
