import { createAnchor } from '@tandem/anchors';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorOn, locateRange, ThreadRangeError } from './thread-range';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function textOf(content: string): Y.Text {
  const doc = new Y.Doc();
  const text = doc.getText('content');
  text.insert(0, content);
  return text;
}

const code = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof ThreadRangeError) return err.code;
    throw err;
  }
  return 'no error';
};

describe('locateRange', () => {
  const text = textOf('one\ntwo\nthree\n');

  it('offsets, a line (to the start of the next), lines', () => {
    expect(locateRange(text, { from: 4, to: 7 })).toEqual({ kind: 'located', from: 4, to: 7 });
    expect(locateRange(text, { line: 2 })).toEqual({ kind: 'located', from: 4, to: 8 });
    expect(locateRange(text, { startLine: 1, endLine: 3 })).toEqual({ kind: 'located', from: 0, to: 14 });
  });

  it('refuses ranges outside the file: invalid_range', () => {
    expect(code(() => locateRange(text, { from: 5, to: 99 }))).toBe('invalid_range');
    expect(code(() => locateRange(text, { from: 6, to: 5 }))).toBe('invalid_range');
    expect(code(() => locateRange(text, { line: 9 }))).toBe('invalid_range');
    expect(code(() => locateRange(text, { startLine: 3, endLine: 2 }))).toBe('invalid_range');
  });

  it("resolves a client's relative positions, also after edits before them", () => {
    const anchor = createAnchor(text, 4, 7); // "two"
    text.insert(0, 'zero\n');
    expect(locateRange(text, { start: b64(anchor.start), end: b64(anchor.end) })).toEqual({ kind: 'located', from: 9, to: 12 });
  });

  it('is pending on positions the document has not received, invalid on positions of another text, empty when deleted', () => {
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(text.doc!));
    const peerText = peer.getText('content');
    peerText.insert(0, 'typed on the peer ');
    const unseen = createAnchor(peerText, 0, 5);
    expect(locateRange(text, { start: b64(unseen.start), end: b64(unseen.end) })).toEqual({ kind: 'pending' });

    const other = new Y.Doc().getMap('x');
    other.doc!.getText('other').insert(0, 'elsewhere');
    const foreign = createAnchor(other.doc!.getText('other'), 0, 4);
    Y.applyUpdate(text.doc!, Y.encodeStateAsUpdate(other.doc!));
    expect(code(() => locateRange(text, { start: b64(foreign.start), end: b64(foreign.end) }))).toBe('invalid_range');

    const gone = createAnchor(text, 0, 4);
    text.delete(0, 4);
    expect(code(() => locateRange(text, { start: b64(gone.start), end: b64(gone.end) }))).toBe('empty_range');
  });
});

describe('anchorOn', () => {
  it('reads the quote from the document; refuses empty and too long ranges', () => {
    const text = textOf('abc\n'.repeat(6000));
    expect(anchorOn(text, 0, 3).quote).toBe('abc');
    expect(code(() => anchorOn(text, 2, 2))).toBe('empty_range');
    expect(code(() => anchorOn(text, 0, 20_001))).toBe('quote_too_long');
    expect(code(() => anchorOn(text, 0, 1e9))).toBe('invalid_range');
  });
});
