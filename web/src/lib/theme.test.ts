import { describe, expect, it } from 'vitest';
import { readCachedTheme, resolveTheme, THEME_CACHE_KEY, themeBootScript, type SystemScheme } from './theme';

const dark: SystemScheme = { light: false, moreContrast: false };
const light: SystemScheme = { light: true, moreContrast: false };
const contrast: SystemScheme = { light: true, moreContrast: true };

describe('resolveTheme', () => {
  it('takes a chosen theme as it is, whatever the display says', () => {
    for (const system of [dark, light, contrast]) {
      expect(resolveTheme('dark', system)).toBe('dark');
      expect(resolveTheme('light', system)).toBe('light');
      expect(resolveTheme('high-contrast', system)).toBe('high-contrast');
    }
  });

  it('follows the display for system: more contrast, then light or dark', () => {
    expect(resolveTheme('system', dark)).toBe('dark');
    expect(resolveTheme('system', light)).toBe('light');
    expect(resolveTheme('system', contrast)).toBe('high-contrast');
  });
});

describe('readCachedTheme', () => {
  it('reads a known preference and anything else as system', () => {
    expect(readCachedTheme('light')).toBe('light');
    expect(readCachedTheme('high-contrast')).toBe('high-contrast');
    for (const v of [null, '', 'neon', 'Light']) expect(readCachedTheme(v)).toBe('system');
  });
});

describe('themeBootScript', () => {
  /** Runs the script against a fake page: its storage, its media queries and <html>. */
  function boot(cached: string | null, system: SystemScheme, storageThrows = false): string | undefined {
    const attributes: Record<string, string> = {};
    const localStorage = { getItem: (key: string) => { if (storageThrows) throw new Error('denied'); return key === THEME_CACHE_KEY ? cached : null; } };
    const matchMedia = (query: string) => ({ matches: query.includes('contrast') ? system.moreContrast : query.includes('light') ? system.light : false });
    const document = { documentElement: { setAttribute: (name: string, value: string) => { attributes[name] = value; } } };
    new Function('localStorage', 'matchMedia', 'document', themeBootScript)(localStorage, matchMedia, document);
    return attributes['data-theme'];
  }

  it('sets data-theme as resolveTheme resolves the cached preference', () => {
    for (const cached of [null, 'system', 'dark', 'light', 'high-contrast', 'bogus']) {
      for (const system of [dark, light, contrast]) expect(boot(cached, system), `${cached}`).toBe(resolveTheme(readCachedTheme(cached), system));
    }
  });

  it('falls back to dark when storage is refused', () => {
    expect(boot('light', light, true)).toBe('dark');
  });
});
