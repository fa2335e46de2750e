/**
 * Editor preferences, kept per user on the server (`users.preferences`): the theme of
 * the whole IDE (its chrome, Monaco and the terminals), vim mode, font size and word
 * wrap. The database keeps only what the user chose; what they never set reads as its
 * default here, so a default may change later without rewriting rows.
 */
import { z } from './zod';

export const THEMES = ['system', 'dark', 'light', 'high-contrast'] as const;
export type ThemePreference = (typeof THEMES)[number];

export const FONT_SIZE_MIN = 10;
export const FONT_SIZE_MAX = 32;

const fields = {
  theme: z.enum(THEMES).openapi({ description: "`system` follows the browser's `prefers-color-scheme`, live" }),
  vimMode: z.boolean().openapi({ description: 'Vim keys in the editor (monaco-vim), with its status line under it' }),
  fontSize: z.number().int().min(FONT_SIZE_MIN).max(FONT_SIZE_MAX).openapi({ description: `Editor font size in px, ${FONT_SIZE_MIN}-${FONT_SIZE_MAX}` }),
  wordWrap: z.boolean().openapi({ description: 'Wrap long lines at the editor width' }),
};

export const preferencesSchema = z.object(fields).openapi('Preferences');
export type Preferences = z.infer<typeof preferencesSchema>;

export const DEFAULT_PREFERENCES: Readonly<Preferences> = Object.freeze({ theme: 'system', vimMode: false, fontSize: 14, wordWrap: false });

/** A change: any of the fields; a key that is not one is refused (a typo must not be taken for saved). */
export const preferencesPatchSchema = z.object(fields).partial().strict().openapi('PreferencesPatch');
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;

type Key = keyof Preferences;
export const PREFERENCE_KEYS = Object.freeze(Object.keys(fields) as Key[]);
const KEYS: readonly Key[] = PREFERENCE_KEYS;

/**
 * The preferences a stored value stands for: each key the stored value holds validly,
 * the default for the rest. Never throws: a row edited by hand, or written by a later
 * version with keys this one does not know, still reads.
 */
export function resolvePreferences(stored: unknown): Preferences {
  const resolved: Record<string, unknown> = { ...DEFAULT_PREFERENCES };
  if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
    const record = stored as Record<string, unknown>;
    for (const key of KEYS) {
      const parsed = fields[key].safeParse(record[key]);
      if (parsed.success) resolved[key] = parsed.data;
    }
  }
  return resolved as Preferences;
}

/** `stored` with `patch` over it, resolved: what the user sees after the change (the database merges the same way, `||`). */
export function mergePreferences(stored: unknown, patch: PreferencesPatch): Preferences {
  return resolvePreferences({ ...resolvePreferences(stored), ...patch });
}

/** The keys of `body.preferences` that are not preferences (a PATCH body is refused with `unknown_preference` for them). */
export function unknownPreferenceKeys(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const preferences = (body as Record<string, unknown>)['preferences'];
  if (!preferences || typeof preferences !== 'object' || Array.isArray(preferences)) return [];
  return Object.keys(preferences).filter((key) => !(KEYS as readonly string[]).includes(key));
}
