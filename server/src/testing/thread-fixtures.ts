/**
 * The cast of the comment-thread integration tests: a shared workspace whose `main.py`
 * holds numbered lines (written through PUT /files, so its document exists), an
 * assigned reviewer (no member) of an open review authored by the editor, and an HTTP
 * client per person.
 */
import * as Y from 'yjs';
import { createAnchor } from '@tandem/anchors';
import { client, type Call } from '../workspace/test-client';
import { insertReviewRequest, insertSharedWorkspace, insertUser, type FixtureUser, type SharedWorkspace } from './sql-fixtures';
import type { TestServer } from './test-server';

export type Person = 'owner' | 'editor' | 'viewer' | 'outsider' | 'reviewer';

export interface ThreadWorld extends SharedWorkspace {
  reviewer: FixtureUser;
  /** The editor's review, assigned to `reviewer`. */
  reviewId: string;
  as: Record<Person, Call>;
  /** `/api/workspaces/<id>` */
  base: string;
}

/** `line 1\n` .. `line <n>\n` */
export const numberedLines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');

export async function threadWorld(server: TestServer, text = numberedLines(10)): Promise<ThreadWorld> {
  const f = await insertSharedWorkspace(server.context.db);
  const reviewer = await insertUser(server.context.db);
  await server.context.db.raw.query('UPDATE users SET reviewer_level = 1 WHERE id = $1', [reviewer.id]);
  const reviewId = await insertReviewRequest(server.context.db, { workspaceId: f.workspaceId, authorId: f.editor.id, reviewerId: reviewer.id });
  const tokens: Record<Person, string> = { owner: f.owner.token, editor: f.editor.token, viewer: f.viewer.token, outsider: f.outsider.token, reviewer: reviewer.token };
  const as = Object.fromEntries(Object.entries(tokens).map(([p, token]) => [p, client(server.url, token)])) as Record<Person, Call>;
  const base = `/api/workspaces/${f.workspaceId}`;
  const put = await as.owner('PUT', `${base}/files/${f.file.path}`, text);
  if (put.status !== 200) throw new Error(`PUT main.py: ${put.status} ${put.text}`);
  return { ...f, reviewer, reviewId, as, base };
}

/** A `{start, end}` range made by a client on its own copy of the text, as the IDE makes it. */
export function clientRange(text: Y.Text, from: number, to: number): { start: string; end: string } {
  const a = createAnchor(text, from, to);
  return { start: Buffer.from(a.start).toString('base64'), end: Buffer.from(a.end).toString('base64') };
}
