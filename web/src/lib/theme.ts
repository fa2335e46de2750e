/**
 * Which theme a preference stands for, and the few lines that apply the last one
 * before the page paints. Pure but for `themeBootScript`, which runs as an inline
 * script in <head> (app/layout.tsx) before any stylesheet-driven paint, so a light
 * page never flashes dark while the session loads.
 */
import type { ThemePreference } from '@tandem/protocol';

export type Theme = 'dark' | 'light' | 'high-contrast';

/** What the browser says about the person's display (`prefers-color-scheme`, `prefers-contrast`). */
export interface SystemScheme {
  light: boolean;
  moreContrast: boolean;
}

/** `system` follows the display: more contrast asked for wins, then light or dark. */
export function resolveTheme(preference: ThemePreference, system: SystemScheme): Theme {
  if (preference !== 'system') return preference;
  if (system.moreContrast) return 'high-contrast';
  return system.light ? 'light' : 'dark';
}

export const THEME_MEDIA = { light: '(prefers-color-scheme: light)', moreContrast: '(prefers-contrast: more)' } as const;

/** localStorage key of the last theme preference this browser saw from the server. */
export const THEME_CACHE_KEY = 'tandem.theme';

const THEME_PREFERENCES: readonly string[] = ['system', 'dark', 'light', 'high-contrast'];

/** The cached preference, or `system` for nothing cached (or anything else there). */
export function readCachedTheme(value: string | null): ThemePreference {
  return value !== null && THEME_PREFERENCES.includes(value) ? (value as ThemePreference) : 'system';
}

/**
 * The inline script: reads the cached preference, resolves it as `resolveTheme` does and
 * sets `data-theme` on <html>. Kept in step with the functions above by theme.test.ts.
 */
export const themeBootScript = `(function(){try{var p=localStorage.getItem(${JSON.stringify(THEME_CACHE_KEY)});` +
  `if(${JSON.stringify(THEME_PREFERENCES)}.indexOf(p)<0)p='system';` +
  `if(p==='system'){p=matchMedia(${JSON.stringify(THEME_MEDIA.moreContrast)}).matches?'high-contrast':matchMedia(${JSON.stringify(THEME_MEDIA.light)}).matches?'light':'dark';}` +
  `document.documentElement.setAttribute('data-theme',p);}catch(e){document.documentElement.setAttribute('data-theme','dark');}})();`;
