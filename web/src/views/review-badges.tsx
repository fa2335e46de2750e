'use client';
/** The small labels a review carries everywhere: its status, its priority, a stale approval. */
import type { ReviewPriority, ReviewStatus } from '@tandem/protocol';
import { PRIORITY_LABEL, STATUS_LABEL } from '../lib/review-labels';

export function StatusBadge({ status }: { status: ReviewStatus }) {
  return <span className={`badge status-${status}`} data-status={status}>{STATUS_LABEL[status]}</span>;
}

export function PriorityBadge({ priority }: { priority: ReviewPriority }) {
  return <span className={`badge priority-${priority}`} data-priority={priority}>{PRIORITY_LABEL[priority]}</span>;
}
