// The k6 Yjs codec against the real `yjs` and `y-protocols`: what it encodes, yjs
// decodes to the intended text; what yjs encodes, it decodes.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MESSAGE_ACK as PROTOCOL_MESSAGE_ACK, encodeAck } from '@tandem/protocol';
import {
  decodeMessage,
  decodeStateVector,
  decodeUpdateStrings,
  encodeRelativePosition,
  encodeStateVector,
  encodeSyncStep1,
  encodeSyncStep2,
  makeMarker,
  MESSAGE_ACK,
  parseMarkers,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  TextWriter,
} from '../../k6/lib/yjs-encoder.js';

/** Applies a y-protocols sync message to `doc` the way a server does; returns any reply. */
function applySyncMessage(doc: Y.Doc, message: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(0);
  const reply = encoding.createEncoder();
  encoding.writeVarUint(reply, 0);
  syncProtocol.readSyncMessage(decoder, reply, doc, 'test');
  return encoding.length(reply) > 1 ? encoding.toUint8Array(reply) : null;
}

describe('k6 yjs codec: encoding', () => {
  it('appends one writer\'s inserts in order, as yjs reads them', () => {
    const doc = new Y.Doc();
    const writer = new TextWriter(1234567);
    for (const part of ['hello', ' ', 'wörld ✓', ' 😀!']) applySyncMessage(doc, writer.insert(part));
    expect(doc.getText('content').toString()).toBe('hello wörld ✓ 😀!');
    // Clocks count UTF-16 units, as yjs does: the state vector agrees.
    expect(Y.decodeStateVector(Y.encodeStateVector(doc)).get(1234567)).toBe(writer.clock);
    expect(doc.store.pendingStructs).toBeNull();
  });

  it('handles client ids above 2^31 (uint32)', () => {
    const doc = new Y.Doc();
    const writer = new TextWriter(0xfffffff0);
    applySyncMessage(doc, writer.insert('a'));
    applySyncMessage(doc, writer.insert('b'));
    expect(doc.getText('content').toString()).toBe('ab');
  });

  it('concurrent writers converge, whatever order the server applies them in', () => {
    const writers = [new TextWriter(11), new TextWriter(22), new TextWriter(33)];
    const messages: Uint8Array[] = [];
    for (let round = 0; round < 4; round++) {
      for (const w of writers) messages.push(w.insert(`<${w.client}:${round}>`));
    }
    const inOrder = new Y.Doc();
    const shuffled = new Y.Doc();
    // Each writer's own messages keep their order (a socket does), others interleave freely.
    const byWriter = writers.map((_, i) => messages.filter((_, j) => j % writers.length === i));
    for (const m of messages) applySyncMessage(inOrder, m);
    for (const list of byWriter.reverse()) for (const m of list) applySyncMessage(shuffled, m);
    const text = inOrder.getText('content').toString();
    expect(shuffled.getText('content').toString()).toBe(text);
    for (const w of writers) {
      expect(text).toContain(`<${w.client}:0><${w.client}:1><${w.client}:2><${w.client}:3>`);
    }
  });

  it('continues its clock after a reconnect, from the server\'s state vector', () => {
    const server = new Y.Doc();
    const first = new TextWriter(77);
    applySyncMessage(server, first.insert('one '));
    // A new connection of the same VU: learn the clock from the server's sync step 1.
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    syncProtocol.writeSyncStep1(step1, server);
    const msg = decodeMessage(encoding.toUint8Array(step1));
    expect(msg.step).toBe(SYNC_STEP1);
    const again = new TextWriter(77);
    again.catchUp(decodeStateVector(msg.payload!));
    applySyncMessage(server, again.insert('two'));
    expect(server.getText('content').toString()).toBe('one two');
  });

  it('sync step 1 and the empty step 2 are what y-protocols expects', () => {
    const server = new Y.Doc();
    server.getText('content').insert(0, 'existing');
    const reply = applySyncMessage(server, encodeSyncStep1());
    const decoded = decodeMessage(reply!);
    expect(decoded.step).toBe(SYNC_STEP2);
    expect(decodeUpdateStrings(decoded.payload!).strings.map((s) => s.text).join('')).toBe('existing');
    expect(applySyncMessage(server, encodeSyncStep2())).toBeNull();
    expect(server.getText('content').toString()).toBe('existing');
  });
});

describe('k6 yjs codec: positions and state vectors (language requests)', () => {
  it('encodes relative positions before and after a character as yjs does, and yjs resolves them there', () => {
    const doc = new Y.Doc();
    const writer = new TextWriter(3000000001);
    applySyncMessage(doc, writer.insert('import os\n'));
    applySyncMessage(doc, writer.insert('os.pa'));
    const text = doc.getText('content');
    // Every character is the writer's own, so the one at index i has clock i.
    for (const [index, assoc] of [[0, 0], [3, 0], [9, -1], [writer.clock - 1, -1]] as const) {
      const ours = encodeRelativePosition(writer.client, index, assoc);
      const theirs = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, assoc < 0 ? index + 1 : index, assoc));
      expect(ours).toEqual(theirs);
      const resolved = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(ours), doc);
      expect(resolved?.index).toBe(assoc < 0 ? index + 1 : index);
    }
    // The end of the text, after a concurrent insert at the start, is still the end.
    const end = encodeRelativePosition(writer.client, writer.clock - 1, -1);
    text.insert(0, '# header\n');
    expect(Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(end), doc)?.index).toBe(text.length);
  });

  it('encodes state vectors as Y.encodeStateVector does', () => {
    const doc = new Y.Doc();
    const writer = new TextWriter(2 ** 31 + 5);
    applySyncMessage(doc, writer.insert('x = 1\n'));
    expect(encodeStateVector({ [writer.client]: writer.clock })).toEqual(Y.encodeStateVector(doc));
    expect(encodeStateVector({})).toEqual(Y.encodeStateVector(new Y.Doc()));
  });
});

describe('k6 yjs codec: decoding', () => {
  it('extracts the strings of updates that yjs itself encodes', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = doc.getText('content');
    text.insert(0, 'abc');
    text.insert(3, 'déf');
    text.delete(0, 1);
    doc.getMap('meta').set('k', { nested: [1, 2.5, 'x', true, null] });
    doc.getArray('list').insert(0, [new Uint8Array([1, 2])]);
    text.insert(0, 'Z');
    const texts = updates.map((u) => decodeUpdateStrings(u).strings.map((s) => s.text).join(''));
    expect(texts).toEqual(['abc', 'déf', '', '', '', 'Z']);
    // A snapshot with deletions, GC and other types still decodes, and reports clocks.
    const snapshot = decodeUpdateStrings(Y.encodeStateAsUpdate(doc));
    expect(snapshot.ends[doc.clientID]).toBe(Y.getState(doc.store, doc.clientID));
  });

  it('finds every marker in merged updates (Hocuspocus batches them)', () => {
    const a = new TextWriter(1);
    const b = new TextWriter(2);
    const strip = (m: Uint8Array) => decodeMessage(m).payload!;
    const merged = Y.mergeUpdates([
      strip(a.insert(makeMarker('a0', 1000.5))),
      strip(b.insert(makeMarker('b0', 1001.25))),
      strip(a.insert(makeMarker('a1', 1002))),
    ]);
    const text = decodeUpdateStrings(merged).strings.map((s) => s.text).join('');
    expect(parseMarkers(text)).toEqual([
      { tag: 'b0', time: 1001.25 },
      { tag: 'a0', time: 1000.5 },
      { tag: 'a1', time: 1002 },
    ].sort((x, y) => text.indexOf(x.tag) - text.indexOf(y.tag)));
  });

  it('decodes update, ack and auth messages', () => {
    const w = new TextWriter(5);
    const msg = decodeMessage(w.insert('x'));
    expect(msg.step).toBe(SYNC_UPDATE);
    expect(decodeMessage(new Uint8Array([100, 0x81, 0x01]))).toEqual({ type: 100, count: 129 });
    // The k6 scripts cannot import TypeScript: their copy of the ack must stay the protocol's.
    expect(MESSAGE_ACK).toBe(PROTOCOL_MESSAGE_ACK);
    expect(decodeMessage(encodeAck(300))).toEqual({ type: PROTOCOL_MESSAGE_ACK, count: 300 });
    expect(decodeMessage(new Uint8Array([2, 0, 2, 0x6e, 0x6f]))).toMatchObject({ type: 2, denied: true, reason: 'no' });
  });

  it('rejects truncated input with an error instead of reading past the end', () => {
    const update = decodeMessage(new TextWriter(9).insert('hello')).payload!;
    expect(() => decodeUpdateStrings(update.subarray(0, update.length - 3))).toThrow(/unexpected end/);
  });
});
