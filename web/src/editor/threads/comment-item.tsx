'use client';
/** One comment: who and when, the text (or "deleted"), and editing or deleting your own. */
import { useState } from 'react';
import type { ThreadComment } from '@tandem/protocol';

interface Props {
  comment: ThreadComment;
  mine: boolean;
  onEdit(body: string): Promise<void>;
  onDelete(): Promise<void>;
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function CommentItem({ comment, mine, onEdit, onDelete }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (f: () => Promise<void>) => f().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));

  return (
    <li className="thread-comment" data-comment-id={comment.id}>
      <div className="thread-comment-head">
        <strong>{comment.author?.username ?? 'someone'}</strong>
        <time dateTime={comment.createdAt}>{when(comment.createdAt)}</time>
        {comment.editedAt && !comment.deleted && <span className="muted">(edited)</span>}
        {mine && !comment.deleted && editing === null && (
          <span className="thread-comment-actions">
            <button type="button" className="link" onClick={() => setEditing(comment.body)}>Edit</button>
            <button type="button" className="link" onClick={() => void run(onDelete)}>Delete</button>
          </span>
        )}
      </div>
      {comment.deleted ? (
        <p className="thread-comment-body muted"><em>deleted</em></p>
      ) : editing !== null ? (
        <div className="thread-composer">
          <textarea aria-label="Edit comment" rows={2} value={editing} autoFocus onChange={(e) => setEditing(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); setEditing(null); } }} />
          <div className="thread-buttons">
            <button type="button" className="primary" disabled={!editing.trim()} onClick={() => void run(async () => { await onEdit(editing); setEditing(null); })}>Save</button>
            <button type="button" onClick={() => setEditing(null)}>Cancel</button>
          </div>
        </div>
      ) : (
        <p className="thread-comment-body">{comment.body}</p>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </li>
  );
}
