/** Which of a workspace's reviews is the open one it shows in its top bar. Pure. */
import type { ReviewStatus } from '@tandem/protocol';
import type { Review } from '@tandem/protocol';

export const OPEN_STATUSES: readonly ReviewStatus[] = ['pending', 'in_review', 'changes_requested'];

/** The most recently requested open review of `workspaceId`, or null (the list may hold others'). */
export function openReviewOf(reviews: readonly Review[], workspaceId: string): Review | null {
  const open = reviews.filter((r) => r.workspaceId === workspaceId && OPEN_STATUSES.includes(r.status));
  open.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return open[0] ?? null;
}
