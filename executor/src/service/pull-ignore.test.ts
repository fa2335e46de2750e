import { describe, expect, it } from 'vitest';
import { DEFAULT_PULL_IGNORE, isIgnoredPath } from './pull-ignore';

const names = new Set(DEFAULT_PULL_IGNORE);

describe('isIgnoredPath with the default list', () => {
  it('ignores the files shells and REPLs write into HOME, at any depth', () => {
    for (const path of ['.bash_history', '.python_history', 'sub/.bash_history']) expect(isIgnoredPath(path, names)).toBe(true);
  });

  it('ignores caches and installs and everything under them', () => {
    for (const path of ['__pycache__', '__pycache__/mod.cpython-312.pyc', 'pkg/__pycache__/a.pyc', '.npm/_logs/x.log', '.cache/pip/x', 'node_modules/y/index.js']) {
      expect(isIgnoredPath(path, names)).toBe(true);
    }
  });

  it('keeps ordinary files, including ones whose names merely contain an ignored name', () => {
    for (const path of ['main.py', 'notes/.bash_history.md', 'my.cache', 'src/venv.py', '.gitignore']) expect(isIgnoredPath(path, names)).toBe(false);
  });
});
