import type { NotificationRow } from '@tandem/persistence';
import { encodeNotificationNotice } from '@tandem/persistence';
import type { NotificationServerMessage } from '@tandem/protocol';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { NotificationDelivery, type DeliveryStore } from './notification-delivery';
import { NotificationSession } from './notification-session';
import { NotificationSockets } from './notification-sockets';

const ANN = '0a0a0a0a-0000-4000-8000-000000000001';
const BOB = '0b0b0b0b-0000-4000-8000-000000000002';
const CAT = '0c0c0c0c-0000-4000-8000-000000000003';

const row = (id: string, userId: string): NotificationRow => ({
  id, userId, kind: 'review_assigned', reviewId: null, reviewTitle: 't', actorUsername: 'x', verdict: null, createdAt: 0, readAt: null,
});

/** An in-memory inbox: rows by id, unread counts by user, and what was asked of it. */
class FakeStore implements DeliveryStore {
  rows = new Map<string, NotificationRow>();
  unread = new Map<string, number>();
  asked: string[][] = [];
  async find(ids: readonly string[]) {
    this.asked.push([...ids]);
    return ids.flatMap((id) => (this.rows.has(id) ? [this.rows.get(id)!] : []));
  }
  async countUnread(userIds: readonly string[]) {
    return new Map(userIds.filter((u) => this.unread.has(u)).map((u) => [u, this.unread.get(u)!]));
  }
}

function setup(signedOut = new Set<number>()) {
  const store = new FakeStore();
  const sockets = new NotificationSockets(5);
  const delivery = new NotificationDelivery({ store, sockets, stillSignedIn: async (s) => !signedOut.has(s.id), log: pino({ level: 'silent' }) });
  const sent = new Map<number, NotificationServerMessage[]>();
  const ended = new Map<number, number>();
  let nextId = 0;
  const open = (userId: string) => {
    const id = ++nextId;
    sent.set(id, []);
    const session = new NotificationSession(id, userId, {}, {
      send: (text) => sent.get(id)!.push(JSON.parse(text)),
      end: (code) => void ended.set(id, code),
      bufferedAmount: () => 0,
    }, 1000, (s) => sockets.remove(s));
    sockets.add(session);
    session.hello(0);
    sent.get(id)!.splice(0);
    return session;
  };
  return { store, delivery, open, sent, ended };
}

describe('NotificationDelivery', () => {
  it("pushes each new notification to every socket of its user, with the count, and nothing of users it does not hold", async () => {
    const { store, delivery, open, sent } = setup();
    const [a1, a2, b] = [open(ANN), open(ANN), open(BOB)];
    store.rows.set('7', row('7', ANN)).set('8', row('8', ANN)).set('9', row('9', CAT));
    store.unread.set(ANN, 2);
    for (const [userId, id] of [[ANN, '7'], [ANN, '8'], [CAT, '9']] as const) delivery.received(encodeNotificationNotice({ kind: 'new', userId, id }));
    await delivery.idle();
    for (const s of [a1, a2]) expect(sent.get(s.id)!.map((m) => m.type === 'notification' && [m.notification.id, m.unreadCount])).toEqual([['7', 2], ['8', 2]]);
    expect(sent.get(b.id)).toEqual([]);
    expect(store.asked.flat()).not.toContain('9');
  });

  it('sends `unread` after a read notice, and to everyone after a gap or an unreadable notice', async () => {
    const { store, delivery, open, sent } = setup();
    const [a, b] = [open(ANN), open(BOB)];
    store.unread.set(ANN, 1);
    delivery.received(encodeNotificationNotice({ kind: 'read', userId: ANN }));
    await delivery.idle();
    expect(sent.get(a.id)).toEqual([{ type: 'unread', unreadCount: 1 }]);
    expect(sent.get(b.id)).toEqual([]);
    delivery.received('2;something;new');
    await delivery.idle();
    expect(sent.get(b.id)).toEqual([{ type: 'unread', unreadCount: 0 }]);
    delivery.lost();
    await delivery.idle();
    expect(sent.get(a.id)!.length).toBe(3);
  });

  it('closes a socket whose credentials lapsed with 4401 instead of pushing to it; the sweep closes idle ones', async () => {
    const signedOut = new Set<number>();
    const { store, delivery, open, sent, ended } = setup(signedOut);
    const [stale, fresh, idle] = [open(ANN), open(ANN), open(BOB)];
    signedOut.add(stale.id).add(idle.id);
    store.rows.set('7', row('7', ANN));
    delivery.received(encodeNotificationNotice({ kind: 'new', userId: ANN, id: '7' }));
    await delivery.idle();
    expect(ended.get(stale.id)).toBe(4401);
    expect(sent.get(stale.id)).toEqual([]);
    expect(sent.get(fresh.id)).toHaveLength(1);
    expect(ended.has(idle.id)).toBe(false);
    await delivery.sweep();
    expect(ended.get(idle.id)).toBe(4401);
    expect(ended.has(fresh.id)).toBe(false);
  });
});
