import { describe, expect, it } from 'vitest';
import { completionResult, documentSymbolResult, hoverResult, locationsResult, markdownOf, signatureHelpResult, type RangeMapper } from './lsp-results';

const range = (line: number, a: number, b: number) => ({ start: { line, character: a }, end: { line, character: b } });
const mapper: RangeMapper = {
  rel: (r) => ({ start: `S${r.start.line}:${r.start.character}`, end: `E${r.end.line}:${r.end.character}` }),
  location: (uri, r) => (uri === 'file:///app/a.py' ? { itemId: '00000000-0000-4000-8000-000000000001', path: 'a.py', line: r.start.line, character: r.start.character, endLine: r.end.line, endCharacter: r.end.character } : null),
};

describe('language server answers, as editors get them', () => {
  it('completion: text edits become relative ranges, auto-imports extra edits, junk is left out', () => {
    const result = completionResult(
      {
        isIncomplete: false,
        items: [
          { label: 'path', kind: 9, textEdit: { range: range(3, 3, 5), newText: 'path' }, documentation: { kind: 'markdown', value: '**path**' } },
          { label: 'dumps', insertText: 'dumps', additionalTextEdits: [{ range: range(0, 0, 0), newText: 'import json\n' }], insertTextFormat: 2 },
          { label: 42 },
          null,
        ],
      },
      mapper,
    );
    expect(result).toEqual({
      isIncomplete: false,
      items: [
        { label: 'path', kind: 9, insertText: 'path', documentation: '**path**', range: { start: 'S3:3', end: 'E3:5' } },
        { label: 'dumps', insertText: 'dumps', snippet: true, additionalTextEdits: [{ start: 'S0:0', end: 'E0:0', text: 'import json\n' }] },
      ],
    });
    expect(completionResult([{ label: 'x' }], mapper).items).toEqual([{ label: 'x', insertText: 'x' }]);
    expect(completionResult('garbage', mapper)).toEqual({ isIncomplete: false, items: [] });
  });

  it('hover, signature help and markdown of every shape', () => {
    expect(hoverResult({ contents: { kind: 'markdown', value: '```python\ndef f()\n```' }, range: range(1, 0, 1) }, mapper)).toEqual({
      contents: '```python\ndef f()\n```',
      range: { start: 'S1:0', end: 'E1:1' },
    });
    expect(hoverResult({ contents: '' }, mapper)).toBeNull();
    expect(markdownOf([{ language: 'python', value: 'x: int' }, 'doc'])).toBe('```python\nx: int\n```\n\n---\n\ndoc');
    expect(signatureHelpResult({ signatures: [{ label: 'f(x: int)', parameters: [{ label: [2, 8] }, { label: {} }] }], activeParameter: 0 })).toEqual({
      signatures: [{ label: 'f(x: int)', parameters: [{ label: [2, 8] }] }],
      activeParameter: 0,
    });
    expect(signatureHelpResult({ signatures: [] })).toBeNull();
  });

  it('locations and symbols: only what names a file the client may open', () => {
    expect(locationsResult([{ uri: 'file:///app/a.py', range: range(2, 4, 10) }, { uri: 'file:///etc/x', range: range(0, 0, 1) }, { uri: 'file:///app/a.py' }], mapper)).toEqual([
      { itemId: '00000000-0000-4000-8000-000000000001', path: 'a.py', line: 2, character: 4, endLine: 2, endCharacter: 10 },
    ]);
    expect(locationsResult({ targetUri: 'file:///app/a.py', targetRange: range(0, 0, 9), targetSelectionRange: range(0, 4, 5) }, mapper)[0]).toMatchObject({ line: 0, character: 4 });
    expect(documentSymbolResult([{ name: 'C', kind: 5, range: range(0, 0, 9), selectionRange: range(0, 6, 7), children: [{ name: 'm', kind: 6, range: range(1, 4, 9) }] }])).toEqual([
      { name: 'C', kind: 5, line: 0, character: 6, endLine: 0, endCharacter: 7, children: [{ name: 'm', kind: 6, line: 1, character: 4, endLine: 1, endCharacter: 9 }] },
    ]);
    expect(documentSymbolResult([{ name: 'flat', kind: 12, location: { uri: 'file:///app/a.py', range: range(3, 0, 4) } }])).toEqual([{ name: 'flat', kind: 12, line: 3, character: 0, endLine: 3, endCharacter: 4 }]);
  });
});
