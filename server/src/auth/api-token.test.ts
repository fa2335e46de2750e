import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiToken, hashApiToken, looksLikeApiToken, parseBearer } from './api-token';

describe('API tokens', () => {
  it('are tdm_ + base64url of 32 random bytes, and differ every time', () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a).toMatch(/^tdm_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(4), 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(looksLikeApiToken(a)).toBe(true);
  });

  it('hash to the raw SHA-256 of the whole token string', () => {
    const token = generateApiToken();
    expect(hashApiToken(token)).toEqual(createHash('sha256').update(token).digest());
    expect(hashApiToken(token)).toHaveLength(32);
  });

  it('reject strings of the wrong shape before any lookup', () => {
    expect(looksLikeApiToken('tdm_short')).toBe(false);
    expect(looksLikeApiToken(`xyz_${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeApiToken(`tdm_${'a'.repeat(42)}=`)).toBe(false);
  });
});

describe('parseBearer', () => {
  it('reads the token of a Bearer header, scheme case-insensitive', () => {
    expect(parseBearer('Bearer tdm_abc')).toBe('tdm_abc');
    expect(parseBearer('bearer   tdm_abc ')).toBe('tdm_abc');
  });

  it('ignores other schemes and malformed headers', () => {
    expect(parseBearer(undefined)).toBeNull();
    expect(parseBearer('Basic dXNlcjpwdw==')).toBeNull();
    expect(parseBearer('Bearer')).toBeNull();
    expect(parseBearer('Bearer a b')).toBeNull();
  });
});
