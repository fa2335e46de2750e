import { describe, expect, it } from 'vitest';
import { languageToolsFromProbe } from './language-tools';

describe('languageToolsFromProbe', () => {
  it('gives both argvs when both were found', () => {
    expect(languageToolsFromProbe('/usr/local/bin/pyright-langserver\n/usr/local/bin/ruff\n')).toEqual({
      pyright: ['pyright-langserver', '--stdio'],
      ruff: ['ruff', 'server'],
      missing: [],
    });
  });

  it('says what is missing, for a person', () => {
    const tools = languageToolsFromProbe('/usr/local/bin/pyright-langserver\n');
    expect(tools.ruff).toBeNull();
    expect(tools.missing).toEqual(['ruff is not installed in the execution image: no formatting or lint fixes']);
    expect(languageToolsFromProbe('').missing).toHaveLength(2);
  });

  it('is not fooled by a tool whose name only contains another\'s', () => {
    expect(languageToolsFromProbe('/usr/bin/ruff-lsp\n/opt/pyright-langserver-old\n')).toMatchObject({ pyright: null, ruff: null });
  });
});
