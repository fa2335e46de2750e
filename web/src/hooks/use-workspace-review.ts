'use client';
/**
 * The open review of a workspace, if any (the newest of pending, in review, changes
 * requested), reloaded when asked and whenever a notification arrives, since any of
 * them may be about it.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../lib/api';
import { notificationHub } from '../lib/notification-hub';
import type { Review } from '@tandem/protocol';
import { openReviewOf } from '../lib/open-review';

export function useWorkspaceReview(workspaceId: string): { review: Review | null; reload(): void } {
  const [review, setReview] = useState<Review | null>(null);
  const reload = useCallback(() => {
    api.listReviews({ workspaceId, limit: 20 }).then((list) => setReview(openReviewOf(list.reviews, workspaceId)), () => undefined);
  }, [workspaceId]);
  useEffect(reload, [reload]);
  useEffect(() => notificationHub.onNotification(reload), [reload]);
  return { review, reload };
}
