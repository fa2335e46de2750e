'use client';
/** The bell's state from the page's one `/notifications` socket (src/lib/notification-hub.ts). */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { notificationHub } from '../lib/notification-hub';
import type { NotificationState } from '../lib/notification-state';
import type { Notification } from '@tandem/protocol';

export function useNotifications(): NotificationState {
  return useSyncExternalStore(notificationHub.subscribe, notificationHub.getState, notificationHub.getServerState);
}

/** Runs `onNotification` for each live notification about review `reviewId` (the review page refreshes). */
export function useReviewNotifications(reviewId: string, onNotification: (n: Notification) => void): void {
  const handler = useRef(onNotification);
  handler.current = onNotification;
  useEffect(() => notificationHub.onNotification((n) => {
    if (n.reviewId === reviewId) handler.current(n);
  }), [reviewId]);
}
