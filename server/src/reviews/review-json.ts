/** A review request and its events as the API shows them (`Review`, `ReviewEvent` of @tandem/protocol). */
import type { ReviewEventRow, ReviewRow } from '@tandem/persistence';
import type { Review, ReviewEvent, ReviewVerdict } from '@tandem/protocol';
import { minReviewerLevel } from './review-policy';
import { reviewRoleOf, type Viewer } from './review-roles';
import { allowedActions } from './review-state-machine';

const iso = (ms: number) => new Date(ms).toISOString();

/** `lastVerdict`: last-verdict.ts (with `stale` for one request, without in lists). */
export function reviewJson(row: ReviewRow, viewer: Viewer, lastVerdict: ReviewVerdict | null): Review {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    title: row.title,
    description: row.description,
    priority: row.priority,
    status: row.status,
    author: { id: row.authorId, username: row.authorUsername },
    reviewer: row.reviewerId && row.reviewerUsername ? { id: row.reviewerId, username: row.reviewerUsername } : null,
    minReviewerLevel: minReviewerLevel(row.priority),
    allowedActions: allowedActions({ status: row.status, assigned: row.reviewerId !== null }, reviewRoleOf(row, viewer)),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    lastAssignedAt: row.lastAssignedAt === null ? null : iso(row.lastAssignedAt),
    lastVerdict,
  };
}

export function reviewEventJson(row: ReviewEventRow): ReviewEvent {
  return {
    id: row.id,
    seq: row.seq,
    actor: { id: row.actorId, username: row.actorUsername },
    kind: row.kind as ReviewEvent['kind'],
    from: row.fromStatus as ReviewEvent['from'],
    to: row.toStatus as ReviewEvent['to'],
    note: row.note,
    createdAt: iso(row.createdAt),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
