import { DEFAULT_PREFERENCES } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { editorOptionsFor, MONACO_THEMES, TERMINAL_THEMES } from './editor-options';

describe('editorOptionsFor', () => {
  it('gives Monaco the font size and word wrap', () => {
    expect(editorOptionsFor({ ...DEFAULT_PREFERENCES, fontSize: 20, wordWrap: true })).toEqual({ fontSize: 20, wordWrap: 'on' });
    expect(editorOptionsFor({ ...DEFAULT_PREFERENCES, wordWrap: false })).toEqual({ fontSize: 14, wordWrap: 'off' });
  });
});

describe('themes', () => {
  it('name a Monaco and a terminal theme for every IDE theme', () => {
    expect(MONACO_THEMES).toEqual({ dark: 'tandem-dark', light: 'vs', 'high-contrast': 'hc-black' });
    expect(Object.keys(TERMINAL_THEMES).sort()).toEqual(['dark', 'high-contrast', 'light']);
  });
});
