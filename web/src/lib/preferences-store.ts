/**
 * The signed-in person's preferences in this page: set from the server's answer
 * (`GET /api/auth/me`, `PATCH /api/users/me`), read by the chrome, the editors and the
 * terminals, which follow every change at once. The theme is also cached in
 * localStorage for the next page load's boot script (theme.ts), and `system` follows
 * the display live (its media queries are watched).
 */
import { DEFAULT_PREFERENCES, resolvePreferences, type Preferences } from '@tandem/protocol';
import { useSyncExternalStore } from 'react';
import { readCachedTheme, resolveTheme, THEME_CACHE_KEY, THEME_MEDIA, type SystemScheme, type Theme } from './theme';

const PREFERENCES_CACHE_KEY = 'tandem.preferences';
const browser = typeof window !== 'undefined';
const listeners = new Set<() => void>();

let preferences: Preferences = browser ? cachedPreferences() : { ...DEFAULT_PREFERENCES };
let theme: Theme = browser ? resolveTheme(preferences.theme, systemScheme()) : 'dark';

function cachedPreferences(): Preferences {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(PREFERENCES_CACHE_KEY) ?? '{}');
    // The boot script read the theme key; keep the two in agreement.
    return { ...resolvePreferences(stored), theme: readCachedTheme(localStorage.getItem(THEME_CACHE_KEY)) };
  } catch {
    return { ...DEFAULT_PREFERENCES };
  }
}

function systemScheme(): SystemScheme {
  return { light: matchMedia(THEME_MEDIA.light).matches, moreContrast: matchMedia(THEME_MEDIA.moreContrast).matches };
}

function update(): void {
  const next = resolveTheme(preferences.theme, systemScheme());
  theme = next;
  document.documentElement.setAttribute('data-theme', next);
  for (const listener of listeners) listener();
}

if (browser) {
  for (const query of Object.values(THEME_MEDIA)) matchMedia(query).addEventListener('change', update);
}

export function getPreferences(): Preferences {
  return preferences;
}

/** The theme in force: the preference, with `system` resolved for this display. */
export function getTheme(): Theme {
  return theme;
}

/** Takes the server's word for the preferences, applies them and caches them for the next load. */
export function setPreferences(next: Preferences): void {
  if (!browser) return;
  preferences = next;
  try {
    localStorage.setItem(THEME_CACHE_KEY, next.theme);
    localStorage.setItem(PREFERENCES_CACHE_KEY, JSON.stringify(next));
  } catch {
    // Storage refused (private mode, quota): the next load starts from the defaults, then the server's.
  }
  update();
}

/** Calls `listener` after every change of the preferences or the resolved theme. */
export function subscribePreferences(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const serverPreferences = () => DEFAULT_PREFERENCES as Preferences;
const serverTheme = (): Theme => 'dark';

export function usePreferences(): Preferences {
  return useSyncExternalStore(subscribePreferences, getPreferences, serverPreferences);
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribePreferences, getTheme, serverTheme);
}
