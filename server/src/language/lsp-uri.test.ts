import { describe, expect, it } from 'vitest';
import { pathToUri, uriTarget } from './lsp-uri';

describe('LSP URIs', () => {
  it('round-trips workspace paths with odd characters', () => {
    for (const path of ['a.py', 'src/pkg/mod.py', 'with space/ünï #%?.py']) {
      expect(uriTarget(pathToUri(path))).toEqual({ kind: 'workspace', path });
    }
  });

  it('tells library files from workspace files, and refuses what names nothing', () => {
    expect(uriTarget('file:///usr/lib/python3.11/os.py')).toEqual({ kind: 'library', path: '/usr/lib/python3.11/os.py' });
    expect(uriTarget('file:///app/../etc/passwd')).toEqual({ kind: 'library', path: '/etc/passwd' }); // URL resolves the dots
    expect(uriTarget('file:///app/a/%2e%2e/b.py')).toEqual({ kind: 'workspace', path: 'b.py' });
    expect(uriTarget('file:///app/a%2f..%2f..%2fx')).toBeNull(); // an encoded slash never makes a segment
    expect(uriTarget('untitled:1')).toBeNull();
    expect(uriTarget(42)).toBeNull();
  });
});
