import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentMirror, type ContentChange } from './document-mirror';
import { LineIndex } from './text-positions';

/** Applies LSP content changes to a text, as a language server does. */
function applyChanges(text: string, changes: ContentChange[]): string {
  for (const change of changes) {
    if (!('range' in change)) {
      text = change.text;
      continue;
    }
    const lines = new LineIndex(text);
    text = text.slice(0, lines.offsetAt(change.range.start)) + change.text + text.slice(lines.offsetAt(change.range.end));
  }
  return text;
}

function setup() {
  const live = new Y.Doc();
  const sent: Array<{ version: number; changes: ContentChange[] }> = [];
  const mirror = new DocumentMirror((version, changes) => sent.push({ version, changes }));
  const sync = () => mirror.apply(Y.encodeStateAsUpdate(live, mirror.stateVector()));
  return { live, text: live.getText('content'), mirror, sent, sync };
}

describe('DocumentMirror', () => {
  it('turns Yjs changes into incremental LSP changes that rebuild the same text', () => {
    const { text, mirror, sent, sync } = setup();
    text.insert(0, 'import os\n\ndef f():\n    pass\n');
    sync();
    text.insert(10, 'x = 1\n');
    text.delete(0, 7);
    text.insert(0, '🐍');
    sync();
    let lspText = '';
    for (const { changes } of sent) lspText = applyChanges(lspText, changes);
    expect(lspText).toBe(text.toString());
    expect(mirror.text).toBe(text.toString());
    expect(sent.map((s) => s.version)).toEqual([1, 2]);
    expect(sent[1]!.changes.every((c) => 'range' in c)).toBe(true);
  });

  it('sends the whole text for a transaction with many separate changes', () => {
    const { live, text, sent, sync } = setup();
    text.insert(0, 'a\n'.repeat(100));
    sync();
    live.transact(() => {
      for (let i = 0; i < 40; i++) text.insert(i * 3, 'b');
    });
    sync();
    expect(sent[1]!.changes).toEqual([{ text: text.toString() }]);
  });

  it('knows whether it holds a client state, and resolves the client positions', () => {
    const { live, text, mirror, sync } = setup();
    text.insert(0, 'hello world');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
    client.getText('content').insert(5, ',');
    const rel = Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(client.getText('content'), 7))).toString('base64');
    const sv = Y.encodeStateVector(client);
    sync();
    expect(mirror.holds(sv)).toBe(false);
    Y.applyUpdate(live, Y.encodeStateAsUpdate(client));
    text.insert(0, '>> '); // someone else typed before it meanwhile
    sync();
    expect(mirror.holds(sv)).toBe(true);
    expect(mirror.text).toBe('>> hello, world');
    expect(mirror.offsetOf(rel)).toBe(10); // still just before the "w" of "world"
    expect(mirror.offsetOf('AAAA')).toBeNull();
    expect(mirror.offsetOf('not base64 at all')).toBeNull();
  });

  it('maps offsets of an older version onto the current text, and its relative positions resolve in other copies', () => {
    const { text, mirror, sync } = setup();
    text.insert(0, 'def broken(:\n    pass\n');
    sync();
    const checked = mirror.version;
    const at = mirror.lineIndexOf(checked)!.offsetAt({ line: 0, character: 11 }); // the ":"
    text.insert(0, '# a comment\n');
    text.delete(text.toString().indexOf('pass'), 4);
    sync();
    const now = mirror.mapOffset(at, checked)!;
    expect(mirror.text[now]).toBe(':');
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(mirror.doc));
    const resolved = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(mirror.relAt(now), 'base64')), other)!;
    expect(other.getText('content').toString()[resolved.index]).toBe(':');
    expect(mirror.mapOffset(0, checked + 5)).toBeNull();
  });
});
