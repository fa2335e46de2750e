import type { NotificationServerMessage } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { NotificationSession } from './notification-session';

function fakePort(buffered = 0) {
  const port = { sent: [] as NotificationServerMessage[], ended: null as number | null, buffered };
  return {
    port,
    adapter: { send: (text: string) => void port.sent.push(JSON.parse(text)), end: (code: number) => void (port.ended = code), bufferedAmount: () => port.buffered },
  };
}

describe('NotificationSession', () => {
  it('holds what is pushed before its hello and sends it after, in order', () => {
    const { port, adapter } = fakePort();
    const session = new NotificationSession(1, 'u', {}, adapter, 1000, () => {});
    session.send({ type: 'unread', unreadCount: 3 });
    expect(port.sent).toEqual([]);
    session.hello(4);
    session.send({ type: 'unread', unreadCount: 2 });
    expect(port.sent).toEqual([{ type: 'hello', unreadCount: 4 }, { type: 'unread', unreadCount: 3 }, { type: 'unread', unreadCount: 2 }]);
  });

  it('closes a client that does not read with 4429, once, and sends nothing after a close', () => {
    const { port, adapter } = fakePort(2000);
    const ends: number[] = [];
    const session = new NotificationSession(1, 'u', {}, adapter, 1000, (_s, code) => ends.push(code));
    session.hello(0);
    expect(port.ended).toBe(4429);
    session.send({ type: 'unread', unreadCount: 1 });
    session.markClosed(1006);
    expect(port.sent).toEqual([]);
    expect(ends).toEqual([4429]);
  });
});
