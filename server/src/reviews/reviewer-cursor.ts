/**
 * The reviewer directory's page cursor: the last row's username (unique, and the
 * directory's order), as base64url JSON. Opaque to clients; a cursor that does not
 * decode is a 400, not a guess.
 */

export function encodeReviewerCursor(username: string): string {
  return Buffer.from(JSON.stringify(['u', username]), 'utf8').toString('base64url');
}

export function decodeReviewerCursor(cursor: string): string | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2 || value[0] !== 'u') return null;
    const username: unknown = value[1];
    if (typeof username !== 'string' || username.length < 1 || username.length > 64) return null;
    return username;
  } catch {
    return null;
  }
}
