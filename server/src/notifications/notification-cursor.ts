/**
 * The inbox's page cursor: the last id of the page, as base64url JSON. Opaque to
 * clients; a cursor that does not decode is a 400, not a guess.
 */

const ID = /^[1-9][0-9]{0,18}$/;
const MAX_ID = 2n ** 63n - 1n;

export function encodeNotificationCursor(lastId: string): string {
  return Buffer.from(JSON.stringify(['n', lastId]), 'utf8').toString('base64url');
}

/** The id to continue below, or null when `cursor` is not one this server gave. */
export function decodeNotificationCursor(cursor: string): string | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2 || value[0] !== 'n') return null;
    const id: unknown = value[1];
    return typeof id === 'string' && isNotificationId(id) ? id : null;
  } catch {
    return null;
  }
}

/** Decimal digits within PostgreSQL's bigint (an id beyond it cannot exist). */
export function isNotificationId(id: string): boolean {
  return ID.test(id) && BigInt(id) <= MAX_ID;
}
