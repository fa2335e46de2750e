import { describe, expect, it } from 'vitest';
import { loginBody, registerBody } from './credentials-schema';

const valid = { username: 'ada_l-1', email: 'Ada@Example.COM', password: 'correct horse' };

describe('registerBody', () => {
  it('accepts a valid registration and lower-cases the email', () => {
    expect(registerBody.parse(valid)).toEqual({ ...valid, email: 'ada@example.com' });
  });

  it.each([
    ['a short username', { username: 'ab' }],
    ['a long username', { username: 'a'.repeat(33) }],
    ['upper case in the username', { username: 'Ada' }],
    ['a space in the username', { username: 'ada l' }],
    ['a slash in the username', { username: '../x' }],
    ['a bad email', { email: 'not-an-email' }],
    ['a short password', { password: 'nine char' }],
    ['a password over 1024 bytes', { password: 'é'.repeat(513) }],
    ['a number as username', { username: 12345 }],
    ['a missing password', { password: undefined }],
  ])('refuses %s', (_label, change) => {
    expect(registerBody.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('drops unknown fields', () => {
    expect(registerBody.parse({ ...valid, admin: true })).not.toHaveProperty('admin');
  });

  it('counts password length in characters, not UTF-16 units', () => {
    expect(registerBody.safeParse({ ...valid, password: '🔑'.repeat(9) }).success).toBe(false);
    expect(registerBody.safeParse({ ...valid, password: '🔑'.repeat(10) }).success).toBe(true);
  });
});

describe('loginBody', () => {
  it('lower-cases the username and takes any non-empty password', () => {
    expect(loginBody.parse({ username: 'Ada', password: 'x' })).toEqual({ username: 'ada', password: 'x' });
  });

  it('refuses missing or mistyped fields and oversized passwords', () => {
    expect(loginBody.safeParse({ username: 'ada' }).success).toBe(false);
    expect(loginBody.safeParse({ username: 'ada', password: 1 }).success).toBe(false);
    expect(loginBody.safeParse({ username: '', password: 'x' }).success).toBe(false);
    expect(loginBody.safeParse({ username: 'ada', password: 'x'.repeat(1025) }).success).toBe(false);
  });
});
