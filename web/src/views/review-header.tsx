'use client';
/** The top of a review page: what it is, who is on it, where it stands. */
import Link from 'next/link';
import type { Review } from '@tandem/protocol';
import { ago, EVENT_LABEL } from '../lib/review-labels';
import { PriorityBadge, StatusBadge } from './review-badges';

export function ReviewHeader({ review }: { review: Review }) {
  const verdict = review.lastVerdict;
  return (
    <section className="card review-header" aria-label="Review">
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <h1 className="review-title">{review.title}</h1>
        <StatusBadge status={review.status} />
        <PriorityBadge priority={review.priority} />
      </div>
      <dl className="facts">
        <div><dt>Author</dt><dd data-testid="review-author">{review.author.username}</dd></div>
        <div><dt>Reviewer</dt><dd data-testid="review-reviewer">{review.reviewer?.username ?? <span className="muted">in the queue (level {review.minReviewerLevel}+)</span>}</dd></div>
        <div><dt>Requested</dt><dd title={review.createdAt}>{ago(review.createdAt, Date.now())}</dd></div>
        {verdict && (
          <div>
            <dt>Last verdict</dt>
            <dd data-testid="last-verdict">
              {EVENT_LABEL[verdict.kind]} {ago(verdict.at, Date.now())}
              {/* An approval the files have moved on from since (the server tells): it no longer covers what is there. */}
              {verdict.kind === 'approved' && verdict.stale === true && <span className="badge stale" title="The files changed after this verdict">stale</span>}
            </dd>
          </div>
        )}
        <div><dt>Workspace</dt><dd><Link href={`/workspace?id=${review.workspaceId}`}>Open the workspace</Link></dd></div>
      </dl>
      {review.description && <p className="description">{review.description}</p>}
    </section>
  );
}
