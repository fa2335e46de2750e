import type { Diagnostic } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diagnosticMarkers } from './diagnostics-markers';
import { encodeRel } from './rel-positions';
import { positionIn } from './text-positions';

function diagnosticOn(text: Y.Text, from: number, to: number, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { start: encodeRel(text, from), end: encodeRel(text, to), line: 0, character: from, endLine: 0, endCharacter: to, severity: 1, message: 'Expected parameter name', ...extra };
}

describe('diagnosticMarkers', () => {
  it('puts a marker on the characters its relative positions name, with Monaco severity and tags', () => {
    const doc = new Y.Doc();
    const text = doc.getText('content');
    text.insert(0, 'def broken(:\n    pass\n');
    const [marker] = diagnosticMarkers([diagnosticOn(text, 11, 12, { source: 'Pyright', code: 'x', tags: [1, 2, 9] })], doc, positionIn(text.toString()));
    expect(marker).toEqual({ startLineNumber: 1, startColumn: 12, endLineNumber: 1, endColumn: 13, severity: 8, message: 'Expected parameter name', source: 'Pyright', code: 'x', tags: [1, 2] });
    const severities = [1, 2, 3, 4].map((severity) => diagnosticMarkers([diagnosticOn(text, 0, 3, { severity })], doc, positionIn(text.toString()))[0]!.severity);
    expect(severities).toEqual([8, 4, 2, 1]);
  });

  it('follows its token when someone types before it, in either copy of the document: no ghost squiggle', () => {
    const server = new Y.Doc();
    server.getText('content').insert(0, 'import os\nx = undefined_name\n');
    const mine = new Y.Doc();
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(server));
    const diagnostic = diagnosticOn(server.getText('content'), 14, 28);
    const text = mine.getText('content');
    text.insert(0, '# header\n\n'); // two lines above it
    text.insert(text.toString().indexOf('x ='), 'y = 1; '); // and text before it on its line
    const [marker] = diagnosticMarkers([diagnostic], mine, positionIn(text.toString()));
    const now = text.toString();
    const line = now.split('\n')[marker!.startLineNumber - 1]!;
    expect(line.slice(marker!.startColumn - 1, marker!.endColumn - 1)).toBe('undefined_name');
    expect(marker!.startLineNumber).toBe(4);
  });

  it('falls back to the checked line range while the document lacks the characters', () => {
    const server = new Y.Doc();
    server.getText('content').insert(0, 'abc\ndef broken(:\n');
    const behind = new Y.Doc();
    const [marker] = diagnosticMarkers([{ ...diagnosticOn(server.getText('content'), 15, 16), line: 1, character: 11, endLine: 1, endCharacter: 12 }], behind, positionIn(''));
    expect(marker).toMatchObject({ startLineNumber: 2, startColumn: 12, endLineNumber: 2, endColumn: 13 });
  });
});
