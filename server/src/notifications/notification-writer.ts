/**
 * Writes the notifications of every committed review change (the `reviewChanged`
 * event: notifications-for.ts decides who hears of it as what).
 *
 * After the commit, not inside the review's transaction: the route emits the event
 * once the change is committed, and the transaction belongs to submit-review.ts and
 * apply-transition.ts. That is acceptable because the audit trail, not the inbox, is
 * the record: a notification lost to a failure here is a missed nudge (the request
 * still shows on the dashboard), never a lost change. To make that rare, a failed
 * write is retried (the rows are keyed by event, recipient and kind, so a retry that
 * follows a write that did commit adds nothing); what still fails is logged with the
 * review id.
 */
import { insertNotifications, type NewNotification } from '@tandem/persistence';
import { NOTIFICATIONS_KEPT_PER_USER } from '@tandem/protocol';
import type { DatabasePool } from 'slonik';
import type { ReviewChange, WorkspaceEvents } from '../events';
import type { Logger } from '../logger';
import { notificationsFor } from './notifications-for';

/** Waits before each retry: a database restart or failover takes seconds. */
const RETRY_DELAYS_MS = [500, 5_000];

export interface NotificationWriter {
  /** Stops listening; pending retries are dropped. Resolves when writes in flight have settled. */
  close(): Promise<void>;
}

export function startNotificationWriter(deps: { pool: DatabasePool; events: WorkspaceEvents; log: Logger }): NotificationWriter {
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const attempt = (change: ReviewChange, rows: NewNotification[], retry: number): void => {
    const write = insertNotifications(deps.pool, rows, NOTIFICATIONS_KEPT_PER_USER).then(
      () => {},
      (err: unknown) => {
        const delay = RETRY_DELAYS_MS[retry];
        if (delay === undefined || closed) {
          deps.log.error({ err, reviewId: change.review.id, events: change.events.map((e) => e.kind) }, 'notifications: could not write a review change\'s notifications');
          return;
        }
        deps.log.warn({ err, reviewId: change.review.id, retry: retry + 1 }, 'notifications: write failed; retrying');
        const timer = setTimeout(() => {
          timers.delete(timer);
          attempt(change, rows, retry + 1);
        }, delay);
        timers.add(timer);
      },
    );
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write));
  };

  const off = deps.events.on('reviewChanged', (change) => {
    if (closed) return;
    const rows = notificationsFor(change).map((p): NewNotification => {
      const data: Record<string, string> = p.verdict ? { verdict: p.verdict } : {};
      const at = change.events.find((e) => e.id === p.eventId)?.at ?? Date.now();
      return { userId: p.userId, kind: p.kind, reviewId: p.reviewId, actorId: p.actorId, eventId: p.eventId, data, at };
    });
    if (rows.length > 0) attempt(change, rows, 0);
  });

  return {
    async close() {
      closed = true;
      off();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
