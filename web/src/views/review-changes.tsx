'use client';
/**
 * What changed in the workspace since the request, or since the last verdict (what a
 * reviewer re-reads after "changes requested"): the files with their status, and the
 * selected one in Monaco's diff editor.
 */
import dynamic from 'next/dynamic';
import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { defaultSince, type ChangesSince } from '../lib/changes-since';
import { describeError } from '../lib/errors';
import type { Review, ReviewChanges, ReviewFileStatus } from '@tandem/protocol';
import { EVENT_LABEL } from '../lib/review-labels';

const DiffViewer = dynamic(() => import('../editor/diff-viewer'), {
  ssr: false,
  loading: () => <div className="editor-empty">Loading diff…</div>,
});

const STATUS_MARK: Record<ReviewFileStatus, string> = { added: 'A', deleted: 'D', renamed: 'R', changed: 'M' };


export function ReviewChangesPanel({ review }: { review: Review }) {
  const [since, setSince] = useState<ChangesSince>(() => defaultSince(review));
  const [changes, setChanges] = useState<ReviewChanges | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A new verdict moves the default reference point along with it.
  const verdictId = review.lastVerdict?.eventId ?? null;
  useEffect(() => setSince(defaultSince(review)), [verdictId]); // eslint-disable-line react-hooks/exhaustive-deps

  // Refetched whenever the review changes (a verdict, a re-request): its updatedAt moves.
  useEffect(() => {
    let live = true;
    setError(null);
    api.reviewChanges(review.id, since).then((c) => live && setChanges(c), (e: unknown) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
  }, [review.id, review.updatedAt, since]);

  const files = changes?.files ?? [];
  const file = files.find((f) => f.itemId === selected) ?? files[0];

  return (
    <div className="review-changes">
      <div className="row changes-head">
        <label className="row">
          <span className="muted">Changes since</span>
          <select aria-label="Changes since" value={since} onChange={(e) => setSince(e.target.value)}>
            <option value="last-verdict" disabled={!review.lastVerdict}>the last verdict</option>
            <option value="submission">the request</option>
          </select>
        </label>
        {changes && <span className="muted">{EVENT_LABEL[changes.since.kind]} · {new Date(changes.since.at).toLocaleString()}</span>}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {changes && files.length === 0 && <p className="muted" data-testid="no-changes">No changes since then.</p>}
      {files.length > 0 && file && (
        <div className="changes-body">
          <ul className="changed-files" aria-label="Changed files">
            {files.map((f) => (
              <li key={f.itemId}>
                <button type="button" className={`changed-file ${f === file ? 'active' : ''}`} aria-pressed={f === file} data-change={f.path}
                  onClick={() => setSelected(f.itemId)}>
                  <span className={`change-mark ${f.status}`} title={f.status}>{STATUS_MARK[f.status]}</span>
                  <span className="name">{f.oldPath && f.status === 'renamed' ? `${f.oldPath} → ${f.path}` : f.path}</span>
                </button>
              </li>
            ))}
          </ul>
          <div className="diff-area">
            {file.tooLarge ? <div className="editor-empty">This file is too large to show as a diff.</div>
              : <DiffViewer path={file.path} oldText={file.oldText ?? ''} newText={file.newText ?? ''} />}
          </div>
        </div>
      )}
    </div>
  );
}
