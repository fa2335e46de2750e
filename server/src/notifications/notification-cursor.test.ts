import { describe, expect, it } from 'vitest';
import { decodeNotificationCursor, encodeNotificationCursor, isNotificationId } from './notification-cursor';

describe('the notification cursor', () => {
  it('round-trips an id', () => {
    expect(decodeNotificationCursor(encodeNotificationCursor('12345'))).toBe('12345');
    expect(decodeNotificationCursor(encodeNotificationCursor('9223372036854775807'))).toBe('9223372036854775807');
  });

  it.each(['', 'not base64 !', Buffer.from('[1]').toString('base64url'), Buffer.from('["n",5]').toString('base64url'), encodeNotificationCursor('0'), encodeNotificationCursor('9223372036854775808')])(
    'refuses %j',
    (cursor) => expect(decodeNotificationCursor(cursor)).toBeNull(),
  );

  it('knows the ids bigint can hold', () => {
    expect(['1', '42', '9223372036854775807'].map(isNotificationId)).toEqual([true, true, true]);
    expect(['0', '-1', '01', '1.5', '9223372036854775808', 'abc'].map(isNotificationId)).toEqual([false, false, false, false, false, false]);
  });
});
