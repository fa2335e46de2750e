import { describe, expect, it } from 'vitest';
import { decodeNotificationNotice, encodeNotificationNotice, type NotificationNotice } from './notification-notice';

const USER = '0a0a0a0a-0000-4000-8000-000000000001';

describe('notification notices', () => {
  it.each<NotificationNotice>([
    { kind: 'new', userId: USER, id: '1' },
    { kind: 'new', userId: USER, id: '9223372036854775807' },
    { kind: 'read', userId: USER },
  ])('round-trips %j', (notice) => {
    expect(decodeNotificationNotice(encodeNotificationNotice(notice))).toEqual(notice);
  });

  it.each(['', '2;read;' + USER, '1;new;' + USER, '1;new;' + USER + ';0', '1;new;' + USER + ';12a', '1;read;NOT-A-UUID', `1;read;${USER};x`])(
    'refuses %j rather than guess',
    (payload) => expect(decodeNotificationNotice(payload)).toBeNull(),
  );
});
