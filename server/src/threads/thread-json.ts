/** A thread row, its view (thread-state.ts) and its comments as the API and `/ws` show them (`Thread` of @tandem/protocol). */
import type { CommentRow, ThreadRow } from '@tandem/persistence';
import type { Thread, ThreadComment } from '@tandem/protocol';
import type { ThreadView } from './thread-state';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const user = (id: string | null, username: string | null) => (id !== null && username !== null ? { id, username } : null);

export function commentJson(c: CommentRow): ThreadComment {
  return {
    id: c.id,
    threadId: c.threadId,
    author: user(c.authorId, c.authorUsername),
    body: c.body,
    suggestion: c.suggestion,
    deleted: c.deletedAt !== null,
    createdAt: iso(c.createdAt),
    editedAt: isoOrNull(c.editedAt),
    appliedAt: isoOrNull(c.appliedAt),
    appliedBy: user(c.appliedById, c.appliedByUsername),
  };
}

export function threadJson(t: ThreadRow, view: ThreadView, comments: readonly CommentRow[]): Thread {
  const anchored = t.anchorStart !== null && t.anchorEnd !== null;
  return {
    id: t.id,
    workspaceId: t.workspaceId,
    itemId: t.itemId,
    path: t.path,
    reviewId: t.reviewId,
    author: user(t.authorId, t.authorUsername),
    ...view,
    quote: t.quote,
    prefix: t.prefix,
    suffix: t.suffix,
    anchor: anchored ? { start: b64(t.anchorStart!), end: b64(t.anchorEnd!) } : null,
    original:
      t.startLine !== null && t.startColumn !== null && t.endLine !== null && t.endColumn !== null
        ? { startLine: t.startLine, startColumn: t.startColumn, endLine: t.endLine, endColumn: t.endColumn }
        : null,
    resolved: t.resolvedAt !== null,
    resolvedBy: user(t.resolvedById, t.resolvedByUsername),
    resolvedAt: isoOrNull(t.resolvedAt),
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    comments: comments.map(commentJson),
  };
}
