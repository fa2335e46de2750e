import { describe, expect, it } from 'vitest';
import { isSaveShortcut } from './shortcuts';

const keys = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('isSaveShortcut', () => {
  it('is Ctrl+S or Cmd+S, Shift or Caps Lock included', () => {
    expect(isSaveShortcut(keys('s', { ctrlKey: true }))).toBe(true);
    expect(isSaveShortcut(keys('s', { metaKey: true }))).toBe(true);
    expect(isSaveShortcut(keys('S', { ctrlKey: true }))).toBe(true);
  });

  it('is not a plain s, nor with Alt, nor another key', () => {
    expect(isSaveShortcut(keys('s'))).toBe(false);
    expect(isSaveShortcut(keys('s', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isSaveShortcut(keys('d', { ctrlKey: true }))).toBe(false);
  });
});
