/**
 * From the notification channel to this replica's sockets. Every replica LISTENs to
 * the one channel (every inbox change of every user, this replica's own included:
 * one path for all) and keeps only the notices of users with a socket here. Notices
 * that arrive while a batch is being fetched make the next batch, so a burst costs one
 * fetch of the new rows and one count of the unread, whatever its size.
 *
 * Before anything is pushed to a socket its credentials are checked again: a socket
 * whose session was signed out or expired, or whose token was revoked, is closed with
 * 4401 instead of receiving (and `sweep` closes idle ones the same way).
 *
 * After a gap (the LISTEN connection was lost, an unreadable notice, a failed fetch)
 * every connected user gets a fresh `unread` count: the notifications themselves are
 * not replayed, the count tells the client to re-read its list.
 */
import { decodeNotificationNotice, type NotificationNotice, type NotificationRow } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import type { Logger } from '../logger';
import { notificationJson } from './notification-json';
import type { NotificationSession } from './notification-session';
import type { NotificationSockets } from './notification-sockets';

/** After a failed fetch, re-count everyone this much later. */
const RETRY_MS = 1_000;

/** What delivery reads (queries/notifications.ts over the pool; a fake in the unit test). */
export interface DeliveryStore {
  /** The rows of these ids. */
  find(ids: readonly string[]): Promise<readonly NotificationRow[]>;
  /** Unread counts; a user left out has none. */
  countUnread(userIds: readonly string[]): Promise<Map<string, number>>;
}

export interface DeliveryDeps {
  store: DeliveryStore;
  sockets: NotificationSockets;
  /** Whether the session's credentials still sign its user in (false: close it). */
  stillSignedIn(session: NotificationSession): Promise<boolean>;
  log: Logger;
}

export class NotificationDelivery {
  private queue: NotificationNotice[] = [];
  private gap = false;
  private draining: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly deps: DeliveryDeps) {}

  /** A payload from the channel. */
  received(payload: string): void {
    const notice = decodeNotificationNotice(payload);
    if (!notice) {
      this.deps.log.warn({ payload: payload.slice(0, 200) }, 'notifications: unreadable notice');
      return this.lost();
    }
    if (!this.deps.sockets.has(notice.userId)) return;
    this.queue.push(notice);
    this.kick();
  }

  /** Notices may have been missed. */
  lost(): void {
    this.gap = true;
    this.kick();
  }

  /** Closes every session whose credentials no longer sign its user in. */
  async sweep(): Promise<void> {
    for (const session of this.deps.sockets.all()) {
      if (this.closed) return;
      await this.recheck(session);
    }
  }

  /** Resolves once nothing is queued or being delivered (tests). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.draining;
  }

  private kick(): void {
    if (this.draining || this.closed) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length > 0 || this.gap) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (!this.closed && (this.gap || this.queue.length > 0)) {
      const notices = this.queue;
      const recountAll = this.gap;
      this.queue = [];
      this.gap = false;
      try {
        await this.deliver(notices, recountAll);
      } catch (err) {
        this.deps.log.error({ err }, 'notifications: could not fetch what to push; re-counting soon');
        this.retry ??= setTimeout(() => {
          this.retry = null;
          this.lost();
        }, RETRY_MS);
        return;
      }
    }
  }

  private async deliver(notices: NotificationNotice[], recountAll: boolean): Promise<void> {
    const recount = new Set(recountAll ? this.deps.sockets.users() : []);
    const newIds: string[] = [];
    for (const notice of notices) {
      if (notice.kind === 'new') newIds.push(notice.id);
      else recount.add(notice.userId);
    }
    const users = [...new Set([...recount, ...notices.map((n) => n.userId)])];
    const [rows, counts] = await Promise.all([this.deps.store.find(newIds), this.deps.store.countUnread(users)]);
    const rowsOf = new Map<string, NotificationRow[]>();
    for (const row of rows) rowsOf.set(row.userId, [...(rowsOf.get(row.userId) ?? []), row]);

    await Promise.all(
      users.map(async (userId) => {
        const sessions = await this.signedIn(this.deps.sockets.of(userId));
        const unreadCount = counts.get(userId) ?? 0;
        for (const row of rowsOf.get(userId) ?? []) {
          const notification = notificationJson(row);
          for (const session of sessions) session.send({ type: 'notification', notification, unreadCount });
        }
        if (recount.has(userId)) for (const session of sessions) session.send({ type: 'unread', unreadCount });
      }),
    );
  }

  /** The sessions still signed in; the others are closed. */
  private async signedIn(sessions: NotificationSession[]): Promise<NotificationSession[]> {
    const ok = await Promise.all(sessions.map((s) => this.recheck(s)));
    return sessions.filter((s, i) => ok[i] && !s.closed);
  }

  private async recheck(session: NotificationSession): Promise<boolean> {
    let signedIn: boolean;
    try {
      signedIn = await this.deps.stillSignedIn(session);
    } catch (err) {
      // The database is away: not a reason to sign anyone out; the next check decides.
      this.deps.log.debug({ err }, 'notifications: credential re-check failed');
      return true;
    }
    if (!signedIn) session.close(CloseCode.UNAUTHENTICATED, 'signed out');
    return signedIn;
  }
}
