import { describe, expect, it } from 'vitest';
import { updateMeBodySchema } from './me';
import { DEFAULT_PREFERENCES, mergePreferences, preferencesPatchSchema, resolvePreferences, unknownPreferenceKeys } from './preferences';

describe('resolvePreferences', () => {
  it('fills what was never set with the defaults', () => {
    expect(resolvePreferences({})).toEqual(DEFAULT_PREFERENCES);
    expect(resolvePreferences({ theme: 'light' })).toEqual({ ...DEFAULT_PREFERENCES, theme: 'light' });
  });

  it('reads any stored value without throwing: bad or unknown keys fall back to their default', () => {
    for (const stored of [null, undefined, 'dark', 42, [], [1]]) expect(resolvePreferences(stored)).toEqual(DEFAULT_PREFERENCES);
    expect(resolvePreferences({ theme: 'neon', fontSize: 9, vimMode: 'yes', wordWrap: true, later: 1 })).toEqual({ ...DEFAULT_PREFERENCES, wordWrap: true });
    expect(resolvePreferences({ fontSize: 14.5 }).fontSize).toBe(DEFAULT_PREFERENCES.fontSize);
  });
});

describe('mergePreferences', () => {
  it('lays the change over what is stored, key by key', () => {
    const stored = { theme: 'high-contrast', fontSize: 20 };
    expect(mergePreferences(stored, { vimMode: true })).toEqual({ theme: 'high-contrast', fontSize: 20, vimMode: true, wordWrap: false });
    expect(mergePreferences(stored, { theme: 'dark', fontSize: 10 })).toEqual({ theme: 'dark', fontSize: 10, vimMode: false, wordWrap: false });
    expect(mergePreferences(stored, {})).toEqual(resolvePreferences(stored));
  });
});

describe('preferencesPatchSchema', () => {
  it('takes any subset of the preferences, within their ranges', () => {
    expect(preferencesPatchSchema.parse({})).toEqual({});
    expect(preferencesPatchSchema.parse({ theme: 'system', fontSize: 32 })).toEqual({ theme: 'system', fontSize: 32 });
    for (const bad of [{ theme: 'Light' }, { fontSize: 9 }, { fontSize: 33 }, { fontSize: 12.5 }, { fontSize: '14' }, { vimMode: 1 }, { wordWrap: null }]) {
      expect(preferencesPatchSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('refuses keys that are not preferences', () => {
    expect(preferencesPatchSchema.safeParse({ theme: 'dark', colour: 'red' }).success).toBe(false);
    expect(unknownPreferenceKeys({ preferences: { theme: 'dark', colour: 'red', __proto__x: 1 } })).toEqual(['colour', '__proto__x']);
    expect(unknownPreferenceKeys({ preferences: { theme: 'dark' } })).toEqual([]);
    for (const body of [null, 'x', { preferences: null }, { preferences: [1] }, {}]) expect(unknownPreferenceKeys(body)).toEqual([]);
  });
});

describe('updateMeBodySchema', () => {
  it('takes any of email, reviewer level and preferences, and at least one', () => {
    expect(updateMeBodySchema.parse({ email: ' Ada@Example.com ' })).toEqual({ email: 'ada@example.com' });
    expect(updateMeBodySchema.parse({ reviewerLevel: 2, preferences: { wordWrap: true } })).toEqual({ reviewerLevel: 2, preferences: { wordWrap: true } });
    expect(updateMeBodySchema.safeParse({}).success).toBe(false);
    expect(updateMeBodySchema.safeParse({ theme: 'light' }).success).toBe(false);
    expect(updateMeBodySchema.safeParse({ email: 'not an email' }).success).toBe(false);
  });
});
