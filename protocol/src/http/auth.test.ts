import { describe, expect, it } from 'vitest';
import { loginBodySchema, registerBodySchema, userSchema } from './auth';

const valid = { username: 'ada_l-1', email: 'Ada@Example.COM', password: 'correct horse' };

describe('registerBodySchema', () => {
  it('accepts a valid registration and lower-cases the email', () => {
    expect(registerBodySchema.parse(valid)).toEqual({ ...valid, email: 'ada@example.com' });
  });

  it.each([
    ['a short username', { username: 'ab' }],
    ['a long username', { username: 'a'.repeat(33) }],
    ['upper case in the username', { username: 'Ada' }],
    ['a space in the username', { username: 'ada l' }],
    ['a slash in the username', { username: '../x' }],
    ['a bad email', { email: 'not-an-email' }],
    ['an email over 254 characters', { email: `${'a'.repeat(243)}@example.com` }],
    ['a short password', { password: 'nine char' }],
    ['a password over 1024 bytes', { password: 'é'.repeat(513) }],
    ['a number as username', { username: 12345 }],
    ['a missing password', { password: undefined }],
  ])('refuses %s', (_label, change) => {
    expect(registerBodySchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('takes usernames of 3 and 32 characters, passwords of exactly 1024 bytes, and trims the email', () => {
    expect(registerBodySchema.safeParse({ ...valid, username: 'abc' }).success).toBe(true);
    expect(registerBodySchema.safeParse({ ...valid, username: 'a'.repeat(32) }).success).toBe(true);
    expect(registerBodySchema.safeParse({ ...valid, password: 'é'.repeat(512) }).success).toBe(true);
    expect(registerBodySchema.parse({ ...valid, email: '  ada@example.com ' }).email).toBe('ada@example.com');
  });

  it('drops unknown fields', () => {
    expect(registerBodySchema.parse({ ...valid, admin: true })).not.toHaveProperty('admin');
  });

  it('counts password length in characters, not UTF-16 units', () => {
    expect(registerBodySchema.safeParse({ ...valid, password: '🔑'.repeat(9) }).success).toBe(false);
    expect(registerBodySchema.safeParse({ ...valid, password: '🔑'.repeat(10) }).success).toBe(true);
  });

  it('keeps the messages the API answers with', () => {
    const result = registerBodySchema.safeParse({ ...valid, username: 'Ada', password: 'short' });
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'username: may contain only lower-case letters, digits, _ and -',
      'password: must be at least 10 characters',
    ]);
  });
});

describe('loginBodySchema', () => {
  it('lower-cases the username and takes any non-empty password', () => {
    expect(loginBodySchema.parse({ username: 'Ada', password: 'x' })).toEqual({ username: 'ada', password: 'x' });
  });

  it('refuses missing or mistyped fields and oversized passwords and usernames', () => {
    expect(loginBodySchema.safeParse({ username: 'ada' }).success).toBe(false);
    expect(loginBodySchema.safeParse({ username: 'ada', password: 1 }).success).toBe(false);
    expect(loginBodySchema.safeParse({ username: '', password: 'x' }).success).toBe(false);
    expect(loginBodySchema.safeParse({ username: 'ada', password: '' }).success).toBe(false);
    expect(loginBodySchema.safeParse({ username: 'ada', password: 'x'.repeat(1025) }).success).toBe(false);
    expect(loginBodySchema.safeParse({ username: 'a'.repeat(257), password: 'x' }).success).toBe(false);
    expect(loginBodySchema.safeParse({ username: 'a'.repeat(256), password: 'x'.repeat(1024) }).success).toBe(true);
  });
});

describe('userSchema', () => {
  it('is what the API answers: UUID id, ISO time, reviewer level 0-4, every preference', () => {
    const user = { id: '0b6f1c8e-3d0a-4a51-9a4e-0c1d2e3f4a5b', username: 'ada', email: 'ada@example.com', reviewerLevel: 0, createdAt: new Date(0).toISOString(), preferences: { theme: 'system' as const, vimMode: false, fontSize: 14, wordWrap: false } };
    expect(userSchema.parse(user)).toEqual(user);
    expect(userSchema.safeParse({ ...user, reviewerLevel: 5 }).success).toBe(false);
    expect(userSchema.safeParse({ ...user, createdAt: 'yesterday' }).success).toBe(false);
    expect(userSchema.safeParse({ ...user, preferences: { theme: 'light' } }).success).toBe(false);
  });
});
