import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { base64ToBytes } from '../../lib/base64-bytes';
import { encodeRel, encodeStateVector, resolveRel, resolveRelRange } from './rel-positions';

function pair(initial: string) {
  const a = new Y.Doc();
  a.getText('content').insert(0, initial);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return { a, b, sync: () => { Y.applyUpdate(b, Y.encodeStateAsUpdate(a)); Y.applyUpdate(a, Y.encodeStateAsUpdate(b)); } };
}

describe('relative positions on the language wire', () => {
  it('round-trips an index of the content text, as base64', () => {
    const { a } = pair('import os\nos.pa');
    const rel = encodeRel(a.getText('content'), 15);
    expect(rel).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(resolveRel(rel, a)).toBe(15);
    expect(resolveRel(encodeRel(a.getText('content'), 0), a)).toBe(0);
  });

  it('clamps an index past the end to the end', () => {
    const { a } = pair('abc');
    expect(resolveRel(encodeRel(a.getText('content'), 99), a)).toBe(3);
  });

  it('stays on its character while someone types before it, in another copy of the document', () => {
    const { a, b, sync } = pair('def broken(:\n    pass\n');
    const rel = encodeRel(a.getText('content'), 4); // before "broken"
    b.getText('content').insert(0, '# a comment\n');
    sync();
    expect(resolveRel(rel, a)).toBe(16);
    expect(resolveRel(rel, b)).toBe(16);
    expect(a.getText('content').toString().slice(16, 22)).toBe('broken');
  });

  it('resolves a range in order, and not at all where the document lacks its character', () => {
    const { a } = pair('hello world');
    const text = a.getText('content');
    expect(resolveRelRange({ start: encodeRel(text, 6), end: encodeRel(text, 11) }, a)).toEqual({ start: 6, end: 11 });
    expect(resolveRelRange({ start: encodeRel(text, 5), end: encodeRel(text, 2) }, a)).toEqual({ start: 2, end: 5 });
    const other = new Y.Doc();
    other.getText('content').insert(0, 'unrelated');
    const elsewhere = encodeRel(other.getText('content'), 3);
    expect(resolveRel(elsewhere, a)).toBeNull();
    expect(resolveRel('not base64!', a)).toBeNull();
  });

  it('sends the state vector the document has', () => {
    const { a } = pair('x');
    expect(base64ToBytes(encodeStateVector(a))).toEqual(Y.encodeStateVector(a));
  });
});
