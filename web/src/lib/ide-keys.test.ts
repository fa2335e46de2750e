import { describe, expect, it } from 'vitest';
import { isRunShortcut, isTerminalToggle } from './ide-keys';

const k = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}, code = '') => ({
  key, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods,
});

describe('IDE keys', () => {
  it('Ctrl+` toggles the terminal, by key or by physical key (layouts where ` is a dead key)', () => {
    expect(isTerminalToggle(k('`', { ctrlKey: true }))).toBe(true);
    expect(isTerminalToggle(k('Dead', { ctrlKey: true }, 'Backquote'))).toBe(true);
    expect(isTerminalToggle(k('`'))).toBe(false);
    expect(isTerminalToggle(k('`', { ctrlKey: true, altKey: true }))).toBe(false);
  });
  it('Ctrl+Enter or Cmd+Enter runs; Shift or Alt with it does not', () => {
    expect(isRunShortcut(k('Enter', { ctrlKey: true }))).toBe(true);
    expect(isRunShortcut(k('Enter', { metaKey: true }))).toBe(true);
    expect(isRunShortcut(k('Enter'))).toBe(false);
    expect(isRunShortcut(k('Enter', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });
});
