import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { AnchorRangeError, createAnchor } from './anchor';
import { resolveAnchors, type Resolution } from './resolve-anchors';
import { seededRandom } from './testing/seeded-random';

function textOf(content: string, clientID = 1): { doc: Y.Doc; text: Y.Text } {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const text = doc.getText('content');
  text.insert(0, content);
  return { doc, text };
}

const resolveOne = (text: Y.Text, anchor: ReturnType<typeof createAnchor>, synced = true): Resolution => resolveAnchors(text, [anchor], { synced })[0]!;
const read = (text: Y.Text, r: Resolution) => text.toString().slice(r.from!, r.to!);

describe('createAnchor', () => {
  it('keeps the quote, its context and where it was', () => {
    const { text } = textOf('line one\nline two\nline three\n');
    const a = createAnchor(text, 9, 18);
    expect(a).toMatchObject({ quote: 'line two\n', prefix: 'line one\n', suffix: 'line three\n', startLine: 2, startColumn: 1, endLine: 2, endColumn: 10 });
  });

  it.each([
    [3, 3, 'empty_range'],
    [-1, 2, 'range_out_of_bounds'],
    [2, 99, 'range_out_of_bounds'],
    [4, 2, 'range_out_of_bounds'],
    [0.5, 2, 'range_out_of_bounds'],
  ])('refuses %s..%s with %s', (from, to, code) => {
    const { text } = textOf('hello world');
    expect(() => createAnchor(text, from, to)).toThrow(expect.objectContaining({ code }));
    expect(() => createAnchor(text, from, to)).toThrow(AnchorRangeError);
  });
});

describe('resolveAnchors: one peer', () => {
  it('keeps text typed at either edge outside the range, and grows it for text typed inside', () => {
    const { text } = textOf('aaa BBB ccc');
    const anchor = createAnchor(text, 4, 7);
    text.insert(7, 'X'); // right after the last character
    text.insert(4, 'Y'); // right before the first
    expect(read(text, resolveOne(text, anchor))).toBe('BBB');
    expect(resolveOne(text, anchor).state).toBe('anchored');
    text.insert(6, 'in'); // inside: BinBB
    const r = resolveOne(text, anchor);
    expect([r.state, read(text, r)]).toEqual(['changed', 'BinBB']);
  });

  it('shrinks with a partial delete (changed) and orphans at the place of the code when all of it goes', () => {
    const { text } = textOf('keep BBBB keep');
    const anchor = createAnchor(text, 5, 9);
    text.delete(5, 2);
    expect([resolveOne(text, anchor).state, read(text, resolveOne(text, anchor))]).toEqual(['changed', 'BB']);
    text.delete(5, 2);
    expect(resolveOne(text, anchor)).toEqual({ state: 'orphaned', from: 5, to: 5 });
    text.insert(5, 'BBBB'); // retyped: new characters, not the anchored ones
    expect(resolveOne(text, anchor).state).toBe('orphaned');
  });

  it('follows the code when lines are inserted above it', () => {
    const { text } = textOf('1\n2\nthird line\n4\n');
    const anchor = createAnchor(text, 4, 15);
    text.insert(0, 'a\nb\nc\nd\ne\n');
    const r = resolveOne(text, anchor);
    expect(r.state).toBe('anchored');
    expect(read(text, r)).toBe('third line\n');
  });

  it('is pending before the document synced, and for characters it has not received yet', () => {
    const { doc, text } = textOf('shared');
    const other = new Y.Doc();
    other.clientID = 2;
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    other.getText('content').insert(6, ' and new');
    const onNew = createAnchor(other.getText('content'), 7, 14);
    expect(resolveOne(text, onNew, false).state).toBe('pending');
    expect(resolveOne(text, onNew).state).toBe('pending');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(resolveOne(text, onNew).state).toBe('anchored');
  });

  it('answers file-level for positions in no text of this document, and for bytes no client made', () => {
    const { doc, text } = textOf('main');
    const other = doc.getText('other');
    other.insert(0, 'elsewhere');
    const elsewhere = createAnchor(other, 0, 4);
    expect(resolveOne(text, elsewhere).state).toBe('file-level');
    const garbage = { start: new Uint8Array([255, 255, 255]), end: new Uint8Array([1]), quote: 'x' };
    expect(resolveAnchors(text, [garbage], { synced: true })[0]!.state).toBe('file-level');
  });

  it('resolves a range that reaches the end of the text, and one on the whole text', () => {
    const { text } = textOf('abc\ndef');
    const tail = createAnchor(text, 4, 7);
    const all = createAnchor(text, 0, 7);
    text.insert(7, '!');
    expect(read(text, resolveOne(text, tail))).toBe('def');
    expect(read(text, resolveOne(text, all))).toBe('abc\ndef');
  });
});

describe('resolveAnchors agrees with Yjs', () => {
  it("gives exactly createAbsolutePositionFromRelativePosition(pos, doc, false)'s indices over random edits", () => {
    const random = seededRandom(7);
    for (let round = 0; round < 40; round++) {
      const { doc, text } = textOf('the quick brown fox jumps over the lazy dog\n'.repeat(3));
      const positions: Uint8Array[] = [];
      for (let step = 0; step < 60; step++) {
        const length = text.length;
        if (length > 0 && random.chance(0.3)) positions.push(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, random.int(length + 1), random.chance(0.5) ? 0 : -1)));
        if (length > 10 && random.chance(0.45)) text.delete(random.int(length - 5), 1 + random.int(5));
        else text.insert(random.int(length + 1), random.pick(['x', 'yy', '\n', 'zzz zzz']));
      }
      const anchors = positions.map((p) => ({ start: p, end: p, quote: '' }));
      const ours = resolveAnchors(text, anchors, { synced: true });
      positions.forEach((p, i) => {
        const yjs = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(p), doc, false);
        // Same start and end: ours says orphaned at the index, Yjs gives the index.
        expect(ours[i]!.from, `round ${round} position ${i}`).toBe(yjs!.index);
      });
    }
  });
});
