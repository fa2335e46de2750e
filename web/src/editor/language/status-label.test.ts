import { describe, expect, it } from 'vitest';
import { describeMissing, isPythonPath, statusLabel } from './status-label';

describe('statusLabel', () => {
  it('names the state, and what is missing once ready', () => {
    expect(statusLabel(null)).toMatchObject({ text: 'Python: starting…', kind: 'busy' });
    expect(statusLabel({ type: 'lang.status', state: 'ready', missing: [] })).toEqual({ text: 'Python: ready', title: 'Python language server: ready', kind: 'ready' });
    expect(statusLabel({ type: 'lang.status', state: 'starting', missing: ['ruff: formatting'], message: 'Starting pyright' }))
      .toEqual({ text: 'Python: starting…', title: 'Python language server: starting…\nStarting pyright\nruff: formatting', kind: 'busy' });
    expect(statusLabel({ type: 'lang.status', state: 'ready', missing: ['ruff: formatting'] }).text).toBe('Python: ruff missing (no formatting)');
    expect(statusLabel({ type: 'lang.status', state: 'ready', missing: ['ruff: formatting', 'x'] }).text).toBe('Python: ready, 2 tools missing');
    expect(statusLabel({ type: 'lang.status', state: 'failed', missing: [], message: 'pyright exited 5 times' })).toMatchObject({ text: 'Python: failed', kind: 'down' });
  });

  it('reads "tool: what" and anything else', () => {
    expect(describeMissing('ruff: formatting')).toBe('ruff missing (no formatting)');
    expect(describeMissing('pyright')).toBe('pyright missing');
    expect(describeMissing('ruff is not installed (pip install ruff, into /usr/local/bin): no formatting or lint fixes')).toBe('ruff missing (no formatting or lint fixes)');
    expect(describeMissing('pyright is not installed in the execution image: no completions, hover, go-to-definition or diagnostics'))
      .toBe('pyright missing (no completions, hover, go-to-definition or diagnostics)');
  });

  it('knows a Python file by its name', () => {
    expect(isPythonPath('src/main.py')).toBe(true);
    expect(isPythonPath('stubs/os.pyi')).toBe(true);
    expect(isPythonPath('main.pyc')).toBe(false);
  });
});
