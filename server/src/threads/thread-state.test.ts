import { createAnchor } from '@tandem/anchors';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FILE_LEVEL, threadViews } from './thread-state';

function setup() {
  const doc = new Y.Doc();
  const text = doc.getText('content');
  text.insert(0, 'line 1\nline 2\nline 3\nline 4\n');
  const anchorRow = (from: number, to: number) => {
    const a = createAnchor(text, from, to);
    return { anchorStart: a.start, anchorEnd: a.end, quote: a.quote };
  };
  return { doc, text, anchorRow };
}

describe('threadViews', () => {
  it('anchored, then changed with the current text, moved lines; orphaned where the code was', () => {
    const { text, anchorRow } = setup();
    const line3 = anchorRow(14, 21);
    const line4 = anchorRow(21, 28);
    expect(threadViews(text, [line3])[0]).toEqual({ state: 'anchored', from: 14, to: 21, startLine: 3, endLine: 3, currentText: null });
    text.insert(0, 'a\nb\n');
    text.insert(23, 'X');
    expect(threadViews(text, [line3])[0]).toEqual({ state: 'changed', from: 18, to: 26, startLine: 5, endLine: 5, currentText: 'line X3\n' });
    text.delete(26, 7);
    expect(threadViews(text, [line3, line4])[1]).toMatchObject({ state: 'orphaned', from: 26, to: 26, startLine: 6, endLine: 6 });
  });

  it('file-level: the file gone, a whole-file thread, positions this document does not hold', () => {
    const { text, anchorRow } = setup();
    const elsewhere = new Y.Doc().getText('content');
    elsewhere.insert(0, 'other file');
    const a = createAnchor(elsewhere, 0, 5);
    const whole = { anchorStart: null, anchorEnd: null, quote: '' };
    expect(threadViews(null, [anchorRow(0, 3)])).toEqual([FILE_LEVEL]);
    expect(threadViews(text, [whole, { anchorStart: a.start, anchorEnd: a.end, quote: a.quote }])).toEqual([FILE_LEVEL, FILE_LEVEL]);
  });
});
