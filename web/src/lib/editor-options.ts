/** What the preferences mean to Monaco (editor-preferences.ts applies them). Pure. */
import type { Preferences } from '@tandem/protocol';
import type { Theme } from './theme';

/** Monaco's theme per IDE theme: `tandem-dark` is editor/monaco.ts's; the others are Monaco's own. */
export const MONACO_THEMES: Readonly<Record<Theme, string>> = { dark: 'tandem-dark', light: 'vs', 'high-contrast': 'hc-black' };

export function editorOptionsFor(preferences: Preferences): { fontSize: number; wordWrap: 'on' | 'off' } {
  return { fontSize: preferences.fontSize, wordWrap: preferences.wordWrap ? 'on' : 'off' };
}

/** xterm.js colours per theme: its own background, so terminals stay legible against each chrome. */
export const TERMINAL_THEMES: Readonly<Record<Theme, { background: string; foreground: string; cursor: string; selectionBackground: string }>> = {
  dark: { background: '#111318', foreground: '#d7dae0', cursor: '#d7dae0', selectionBackground: '#3a4150' },
  light: { background: '#ffffff', foreground: '#1f2328', cursor: '#1f2328', selectionBackground: '#b6d3ff' },
  'high-contrast': { background: '#000000', foreground: '#ffffff', cursor: '#ffff00', selectionBackground: '#1aebff66' },
};
