/** A notification row as the API and the socket show it (`Notification` of @tandem/protocol). */
import type { NotificationRow } from '@tandem/persistence';
import type { Notification } from '@tandem/protocol';

const iso = (ms: number) => new Date(ms).toISOString();

export function notificationJson(row: NotificationRow): Notification {
  return {
    id: row.id,
    // The table's constraint holds the kinds to the protocol's list, as the verdict to the three.
    kind: row.kind as Notification['kind'],
    reviewId: row.reviewId,
    reviewTitle: row.reviewTitle,
    actorUsername: row.actorUsername,
    verdict: row.verdict as Notification['verdict'],
    // Only the comment kinds carry these (part 2); the review kinds' shape stays as it was.
    ...(row.threadId ? { workspaceId: row.workspaceId ?? null, threadId: row.threadId } : {}),
    createdAt: iso(row.createdAt),
    readAt: row.readAt === null ? null : iso(row.readAt),
  };
}
