import type { Notification } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { badgeText, initialNotificationState, RECENT_LIMIT, reduceNotifications, type NotificationAction } from './notification-state';

const note = (id: number, readAt: string | null = null): Notification => ({
  id: String(id), kind: 'review_assigned', reviewId: '00000000-0000-4000-8000-000000000001', reviewTitle: 'T', actorUsername: 'a',
  verdict: null, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString(), readAt,
});
const run = (...actions: NotificationAction[]) => actions.reduce(reduceNotifications, initialNotificationState);

describe('reduceNotifications', () => {
  it('takes the unread count from every socket frame', () => {
    expect(run({ type: 'message', message: { type: 'hello', unreadCount: 3 } }).unreadCount).toBe(3);
    expect(run({ type: 'message', message: { type: 'unread', unreadCount: 0 } }).unreadCount).toBe(0);
  });

  it('puts a live notification first, and merges the listed ones without doubles', () => {
    const s = run(
      { type: 'message', message: { type: 'notification', notification: note(5), unreadCount: 1 } },
      { type: 'listed', list: { notifications: [note(5), note(3), note(1)], nextCursor: null, unreadCount: 3 } },
    );
    expect(s.recent.map((n) => n.id)).toEqual(['5', '3', '1']);
    expect(s.unreadCount).toBe(3);
  });

  it('keeps the newest RECENT_LIMIT', () => {
    const many = Array.from({ length: RECENT_LIMIT + 5 }, (_, i) => note(i + 1));
    const s = run({ type: 'listed', list: { notifications: many, nextCursor: 'x', unreadCount: many.length } });
    expect(s.recent).toHaveLength(RECENT_LIMIT);
    expect(s.recent[0]!.id).toBe(String(RECENT_LIMIT + 5));
  });

  it('marks one read with the server copy, and all read', () => {
    const listed: NotificationAction = { type: 'listed', list: { notifications: [note(2), note(1)], nextCursor: null, unreadCount: 2 } };
    const one = run(listed, { type: 'read', notification: note(2, '2026-01-02T00:00:00.000Z'), unreadCount: 1 });
    expect(one.recent.map((n) => n.readAt)).toEqual(['2026-01-02T00:00:00.000Z', null]);
    expect(one.unreadCount).toBe(1);
    const all = run(listed, { type: 'all-read', unreadCount: 0, at: '2026-01-03T00:00:00.000Z' });
    expect(all.recent.every((n) => n.readAt === '2026-01-03T00:00:00.000Z')).toBe(true);
    expect(all.unreadCount).toBe(0);
  });

  it('tracks the connection', () => {
    expect(run({ type: 'connection', state: 'open' }).connection).toBe('open');
  });
});

describe('badgeText', () => {
  it('is empty at zero and caps at 99+', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });
});
