import { describe, expect, it } from 'vitest';
import { minimalEdits, readWorkspaceEdit, type OffsetEdit } from './workspace-edits';

const apply = (text: string, edits: OffsetEdit[]) =>
  [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
const range = (line: number, a: number, b: number) => ({ start: { line, character: a }, end: { line, character: b } });

describe('workspace edits', () => {
  it('reads both forms of WorkspaceEdit, and refuses file operations and malformed edits whole', () => {
    expect(readWorkspaceEdit({ changes: { 'file:///app/a.py': [{ range: range(0, 4, 5), newText: 'g' }] } })).toEqual({
      ok: true,
      files: [{ uri: 'file:///app/a.py', version: null, edits: [{ range: range(0, 4, 5), newText: 'g' }] }],
    });
    expect(readWorkspaceEdit({ documentChanges: [{ textDocument: { uri: 'file:///app/b.py', version: 3 }, edits: [] }] })).toEqual({
      ok: true,
      files: [{ uri: 'file:///app/b.py', version: 3, edits: [] }],
    });
    expect(readWorkspaceEdit({ documentChanges: [{ kind: 'delete', uri: 'file:///app/b.py' }] })).toMatchObject({ ok: false });
    expect(readWorkspaceEdit({ changes: { 'file:///app/a.py': [{ range: 'x', newText: 1 }] } })).toEqual({ ok: false, reason: 'a malformed edit' });
    expect(readWorkspaceEdit(null)).toEqual({ ok: true, files: [] });
  });

  it('narrows a formatter rewrite to the characters that change', () => {
    const text = 'def  f( a,b ):\n    return a+b\n';
    const formatted = 'def f(a, b):\n    return a + b\n';
    const edits = minimalEdits(text, [{ start: 0, end: text.length, text: formatted }]);
    expect(apply(text, edits)).toBe(formatted);
    expect(edits.length).toBeGreaterThan(2);
    expect(edits.every((e) => e.end - e.start <= 1 && e.text.length <= 1)).toBe(true);
    // The `return` line's indentation is never touched.
    expect(edits.some((e) => e.start >= 15 && e.end <= 26)).toBe(false);
  });
});
