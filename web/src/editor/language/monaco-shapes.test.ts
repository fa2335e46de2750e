import type { CompletionItem } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { codeActions, completionList, documentSymbols, hover, lineRange, locations, signatureHelp } from './monaco-shapes';
import { encodeRel } from './rel-positions';
import { positionIn } from './text-positions';

function file(initial: string) {
  const doc = new Y.Doc();
  const text = doc.getText('content');
  text.insert(0, initial);
  return { doc, text, get positionAt() { return positionIn(text.toString()); } };
}

const word = { startLineNumber: 2, startColumn: 4, endLineNumber: 2, endColumn: 6 };

describe('completionList', () => {
  it('maps kinds, replaces the word the server named, and carries an auto-import as an additional edit', () => {
    const f = file('import os\nos.pa');
    const item: CompletionItem = {
      label: 'path', kind: 9, insertText: 'path', detail: 'module', documentation: '**os.path**', sortText: '0',
      range: { start: encodeRel(f.text, 13), end: encodeRel(f.text, 15) },
      additionalTextEdits: [{ start: encodeRel(f.text, 0), end: encodeRel(f.text, 0), text: 'import sys\n' }],
    };
    const list = completionList({ isIncomplete: true, items: [item, { label: 'x', insertText: 'x($1)', snippet: true }] }, f, { lineNumber: 2, column: 6 }, word);
    expect(list.incomplete).toBe(true);
    expect(list.suggestions[0]).toEqual({
      label: 'path', kind: 8, insertText: 'path', detail: 'module', documentation: { value: '**os.path**' }, sortText: '0',
      range: { startLineNumber: 2, startColumn: 4, endLineNumber: 2, endColumn: 6 },
      additionalTextEdits: [{ range: { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 1 }, text: 'import sys\n' }],
    });
    expect(list.suggestions[1]).toMatchObject({ kind: 18, insertTextRules: 4, range: word });
  });

  it('falls back to the word at the cursor when the named range is on another line or unknown here', () => {
    const f = file('import os\nos.pa');
    const elsewhere = { start: encodeRel(f.text, 0), end: encodeRel(f.text, 6) };
    const list = completionList({ isIncomplete: false, items: [{ label: 'a', insertText: 'a', range: elsewhere }] }, f, { lineNumber: 2, column: 6 }, word);
    expect(list.suggestions[0]!.range).toEqual(word);
  });

  it('resolves ranges against the text as it is now', () => {
    const f = file('os.pa');
    const range = { start: encodeRel(f.text, 3), end: encodeRel(f.text, 5) };
    f.text.insert(0, 'x = 1; ');
    const list = completionList({ isIncomplete: false, items: [{ label: 'path', insertText: 'path', range }] }, f, { lineNumber: 1, column: 13 }, word);
    expect(list.suggestions[0]!.range).toEqual({ startLineNumber: 1, startColumn: 11, endLineNumber: 1, endColumn: 13 });
  });
});

describe('the other answers', () => {
  it('hover: markdown contents and its range; nothing for null or empty', () => {
    const f = file('def greet(name): ...\ngreet("x")');
    const h = hover({ contents: '```python\ndef greet(name) -> None\n```', range: { start: encodeRel(f.text, 21), end: encodeRel(f.text, 26) } }, f);
    expect(h).toEqual({ contents: [{ value: '```python\ndef greet(name) -> None\n```' }], range: { startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 6 } });
    expect(hover(null, f)).toBeNull();
    expect(hover({ contents: '' }, f)).toBeNull();
  });

  it('signature help keeps labels (strings or offsets) and the active parameter', () => {
    const s = signatureHelp({ signatures: [{ label: 'greet(name, loud)', documentation: 'Says hi', parameters: [{ label: [6, 10] }, { label: 'loud', documentation: 'shout' }] }], activeParameter: 1 });
    expect(s!.value).toEqual({
      signatures: [{ label: 'greet(name, loud)', documentation: { value: 'Says hi' }, parameters: [{ label: [6, 10] }, { label: 'loud', documentation: { value: 'shout' } }] }],
      activeSignature: 0, activeParameter: 1,
    });
    expect(signatureHelp(null)).toBeNull();
    expect(signatureHelp({ signatures: [] })).toBeNull();
  });

  it('locations and symbols count lines and columns from one, symbol kinds from zero', () => {
    const at = { line: 3, character: 4, endLine: 3, endCharacter: 9 };
    expect(lineRange(at)).toEqual({ startLineNumber: 4, startColumn: 5, endLineNumber: 4, endColumn: 10 });
    const uri = { toString: () => 'tandem-item:/b' } as never;
    expect(locations([{ ...at, itemId: null, path: '/usr/lib/python3/os.py' }], () => uri)).toEqual([{ uri, range: lineRange(at) }]);
    const [fn] = documentSymbols([{ ...at, name: 'greet', kind: 12, children: [{ ...at, name: 'inner', kind: 13 }] }]);
    expect(fn).toMatchObject({ name: 'greet', kind: 11, detail: '', range: lineRange(at), children: [{ name: 'inner', kind: 12 }] });
  });

  it('code actions become commands the server applies', () => {
    const list = codeActions({ actions: [{ actionId: '3', title: 'Add import os', kind: 'quickfix', isPreferred: true }] }, 'tandem.python.applyCodeAction', 'item-1');
    expect(list.actions).toEqual([{ title: 'Add import os', kind: 'quickfix', isPreferred: true, command: { id: 'tandem.python.applyCodeAction', title: 'Add import os', arguments: ['item-1', '3'] } }]);
  });
});
