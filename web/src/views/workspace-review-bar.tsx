'use client';
/**
 * The review part of a workspace's top bar: for its owner and editors, "Request review"
 * (or the open review's status, linking to it); for an assigned reviewer, "Reviewing"
 * with the way back to the review.
 */
import Link from 'next/link';
import { useState } from 'react';
import { useWorkspaceReview } from '../hooks/use-workspace-review';
import type { AccessRole } from '@tandem/protocol';
import { StatusBadge } from './review-badges';
import { RequestReviewDialog } from './request-review-dialog';

export function WorkspaceReviewBar({ workspaceId, role, selfId }: { workspaceId: string; role: AccessRole | null; selfId: string }) {
  const { review, reload } = useWorkspaceReview(workspaceId);
  const [asking, setAsking] = useState(false);
  const canRequest = role === 'owner' || role === 'editor';

  if (role === 'reviewer' || (review && review.reviewer?.id === selfId)) {
    return (
      <span className="row review-bar">
        <span className="badge reviewing">Reviewing</span>
        {review && <Link href={`/review?id=${review.id}`}>Back to the review</Link>}
      </span>
    );
  }
  return (
    <span className="row review-bar">
      {review && (
        <Link href={`/review?id=${review.id}`} className="row" data-testid="open-review" title={review.title}>
          Review <StatusBadge status={review.status} />
        </Link>
      )}
      {canRequest && !review && <button type="button" onClick={() => setAsking(true)}>Request review</button>}
      {asking && (
        <RequestReviewDialog workspaceId={workspaceId} selfId={selfId} onClose={() => setAsking(false)}
          onSubmitted={() => {
            setAsking(false);
            reload();
          }} />
      )}
    </span>
  );
}
