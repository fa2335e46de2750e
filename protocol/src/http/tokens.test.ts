import { describe, expect, it } from 'vitest';
import { createdTokenSchema, createTokenBodySchema } from './tokens';

describe('createTokenBodySchema', () => {
  it('trims the name and takes 1 to 100 characters', () => {
    expect(createTokenBodySchema.parse({ name: '  ci  ' })).toEqual({ name: 'ci' });
    expect(createTokenBodySchema.safeParse({ name: 'x'.repeat(100) }).success).toBe(true);
  });

  it.each([
    ['an empty name', { name: '' }, 'must not be empty'],
    ['a blank name', { name: '   ' }, 'must not be empty'],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, 'must be at most 100 characters'],
    ['no name', {}, 'Required'],
  ])('refuses %s', (_label, body, message) => {
    const result = createTokenBodySchema.safeParse(body);
    expect(result.success ? null : result.error.issues[0]?.message).toBe(message);
  });
});

describe('createdTokenSchema', () => {
  it('holds a tdm_ token of 32 base64url bytes', () => {
    const created = { id: '0b6f1c8e-3d0a-4a51-9a4e-0c1d2e3f4a5b', name: 'ci', token: `tdm_${'A'.repeat(43)}`, createdAt: new Date(0).toISOString() };
    expect(createdTokenSchema.safeParse(created).success).toBe(true);
    expect(createdTokenSchema.safeParse({ ...created, token: `tdm_${'A'.repeat(42)}` }).success).toBe(false);
  });
});
