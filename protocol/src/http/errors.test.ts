import { describe, expect, it } from 'vitest';
import { errorBodySchema, HTTP_ERROR_CODES } from './errors';

describe('errorBodySchema', () => {
  it('is {error: {code, message, details?}} with a code from the list', () => {
    expect(errorBodySchema.safeParse({ error: { code: 'validation_failed', message: 'name: Required', details: { issues: [] } } }).success).toBe(true);
    expect(errorBodySchema.safeParse({ error: { code: 'rate_limited', message: 'Too many attempts' } }).success).toBe(true);
    expect(errorBodySchema.safeParse({ error: { code: 'no_such_code', message: 'x' } }).success).toBe(false);
    expect(errorBodySchema.safeParse({ error: { code: 'internal' } }).success).toBe(false);
  });

  it('lists each code once, in snake_case', () => {
    expect(new Set(HTTP_ERROR_CODES).size).toBe(HTTP_ERROR_CODES.length);
    for (const code of HTTP_ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
