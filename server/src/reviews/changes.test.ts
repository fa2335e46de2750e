/**
 * Comparing two sets of files by item id: added, deleted, renamed (with or without
 * changed lines), changed; unchanged files left out without reading their texts;
 * sorted by path; too-large files without texts or hunks. Versions come from real
 * Yjs documents, so "a deletion changes the version" is Yjs's behaviour, not a fake's.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareFiles, filesDiffer, needsText, type FileWithText } from './changes';
import { MAX_DIFF_LINES } from './line-diff';
import { textOf, textOfState, versionOf } from './snapshot';

function doc(text: string): Y.Doc {
  const d = new Y.Doc();
  d.getText('content').insert(0, text);
  return d;
}

/** A file as the comparison sees it, now, with a text thunk that counts its calls. */
function file(itemId: string, path: string, d: Y.Doc, reads?: string[]): FileWithText {
  const text = textOf(d); // as it is now: the document changes after
  return {
    itemId,
    path,
    version: versionOf(d),
    text: () => {
      reads?.push(itemId);
      return text;
    },
  };
}

describe('compareFiles', () => {
  it('reports added, deleted, renamed and changed files by path, and leaves out the rest unread', () => {
    const kept = doc('same\n');
    const edited = doc('a\nb\nc\n');
    const moved = doc('moved\n');
    const gone = doc('bye\n');
    const reads: string[] = [];
    const before = [file('k', 'keep.py', kept, reads), file('e', 'src/edit.py', edited, reads), file('m', 'old.py', moved, reads), file('g', 'gone.py', gone, reads)];
    edited.getText('content').delete(2, 2); // "b\n"
    edited.getText('content').insert(edited.getText('content').length, 'd\n');
    const fresh = doc('new\n');
    const after = [file('k', 'keep.py', kept, reads), file('e', 'src/edit.py', edited, reads), file('m', 'lib/new.py', moved, reads), file('n', 'added.py', fresh, reads)];

    const changes = compareFiles(before, after);
    expect(changes.map((c) => [c.status, c.path, c.oldPath])).toEqual([
      ['added', 'added.py', null],
      ['deleted', 'gone.py', 'gone.py'],
      ['renamed', 'lib/new.py', 'old.py'],
      ['changed', 'src/edit.py', 'src/edit.py'],
    ]);
    expect(reads).not.toContain('k');
    const edit = changes.find((c) => c.itemId === 'e')!;
    expect(edit).toMatchObject({ oldText: 'a\nb\nc\n', newText: 'a\nc\nd\n', tooLarge: false });
    expect(edit.hunks).toEqual([
      {
        oldStart: 1, oldLines: 3, newStart: 1, newLines: 3,
        lines: [{ op: 'context', text: 'a\n' }, { op: 'del', text: 'b\n' }, { op: 'context', text: 'c\n' }, { op: 'add', text: 'd\n' }],
      },
    ]);
    expect(changes.find((c) => c.itemId === 'm')).toMatchObject({ oldText: 'moved\n', newText: 'moved\n', hunks: [] });
    expect(changes.find((c) => c.itemId === 'g')).toMatchObject({ oldText: 'bye\n', newText: null, hunks: [{ lines: [{ op: 'del', text: 'bye\n' }] }] });
    expect(changes.find((c) => c.itemId === 'n')).toMatchObject({ oldText: null, newText: 'new\n', hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1 }] });
  });

  it('leaves out a file edited back to the same text (another version, the same lines)', () => {
    const d = doc('x\n');
    const before = [file('a', 'a.py', d)];
    d.getText('content').insert(0, 'y');
    d.getText('content').delete(0, 1);
    expect(needsText(before[0], file('a', 'a.py', d))).toBe(true);
    expect(compareFiles(before, [file('a', 'a.py', d)])).toEqual([]);
  });

  it('puts the deleted file before the new one at the same path', () => {
    const changes = compareFiles([file('old', 'x.py', doc('1\n'))], [file('new', 'x.py', doc('2\n'))]);
    expect(changes.map((c) => [c.status, c.itemId])).toEqual([['deleted', 'old'], ['added', 'new']]);
  });

  it('gives no texts and no hunks for a file past the bounds, on either side', () => {
    const big = doc('line\n'.repeat(MAX_DIFF_LINES));
    const small = doc('line\n');
    const [change] = compareFiles([file('a', 'a.py', small)], [file('a', 'a.py', big)]);
    expect(change).toEqual({ itemId: 'a', status: 'changed', path: 'a.py', oldPath: 'a.py', oldText: null, newText: null, tooLarge: true, hunks: [] });
  });
});

describe('filesDiffer (a verdict gone stale)', () => {
  it('sees a deletion, which a state vector alone does not', () => {
    const d = doc('hello world');
    const then = [file('a', 'a.py', d)];
    const vector = Y.encodeStateVector(d);
    d.getText('content').delete(0, 6);
    expect(Y.encodeStateVector(d)).toEqual(vector);
    expect(filesDiffer(then, [file('a', 'a.py', d)])).toBe(true);
  });

  it('sees a rename, an added and a deleted file, and nothing when nothing happened', () => {
    const a = doc('a');
    const b = doc('b');
    const then = [file('a', 'a.py', a), file('b', 'b.py', b)];
    expect(filesDiffer(then, [file('a', 'a.py', a), file('b', 'b.py', b)])).toBe(false);
    expect(filesDiffer(then, [file('a', 'a2.py', a), file('b', 'b.py', b)])).toBe(true);
    expect(filesDiffer(then, [file('a', 'a.py', a)])).toBe(true);
    expect(filesDiffer(then, [file('a', 'a.py', a), file('c', 'b.py', b)])).toBe(true);
  });

  it('is unmoved by reloading the document from its encoded state (the stored copy, or a compacted one)', () => {
    const d = doc('one two three');
    d.getText('content').delete(4, 4);
    d.getText('content').insert(0, 'zero ');
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.mergeUpdates([Y.encodeStateAsUpdate(d)]));
    expect(filesDiffer([file('a', 'a.py', d)], [file('a', 'a.py', reloaded)])).toBe(false);
    expect(textOfState(Y.encodeStateAsUpdate(d))).toBe('zero one three');
  });
});
