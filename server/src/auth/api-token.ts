/**
 * API token format (agreed in DESIGN/protocols): `tdm_` + base64url(32 random bytes).
 * Only SHA-256(token as UTF-8), raw 32 bytes, is stored. Pure apart from randomness.
 */
import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'tdm_';
const TOKEN_SHAPE = /^tdm_[A-Za-z0-9_-]{43}$/;

export function generateApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Cheap shape check so junk never reaches the database. */
export function looksLikeApiToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

export function hashApiToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The token of an `Authorization: Bearer <token>` header, or null for any other
 * scheme or a malformed header. The scheme is case-insensitive (RFC 9110 §11.1).
 */
export function parseBearer(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}
