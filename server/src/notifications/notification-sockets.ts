/** The open `/notifications` sessions of this replica, by user, with the per-user limit. */
import type { NotificationSession } from './notification-session';

export class NotificationSockets {
  private readonly byUser = new Map<string, Set<NotificationSession>>();
  private count = 0;

  constructor(readonly maxPerUser: number) {}

  /** False when the user already has `maxPerUser` open here (the caller refuses the new one). */
  add(session: NotificationSession): boolean {
    let set = this.byUser.get(session.userId);
    if (set && set.size >= this.maxPerUser) return false;
    if (!set) {
      set = new Set();
      this.byUser.set(session.userId, set);
    }
    set.add(session);
    this.count++;
    return true;
  }

  remove(session: NotificationSession): void {
    const set = this.byUser.get(session.userId);
    if (!set?.delete(session)) return;
    this.count--;
    if (set.size === 0) this.byUser.delete(session.userId);
  }

  has(userId: string): boolean {
    return this.byUser.has(userId);
  }

  /** A snapshot: closing sessions while iterating it is safe. */
  of(userId: string): NotificationSession[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  users(): string[] {
    return [...this.byUser.keys()];
  }

  all(): NotificationSession[] {
    return [...this.byUser.values()].flatMap((set) => [...set]);
  }

  get size(): number {
    return this.count;
  }
}
