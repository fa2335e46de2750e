import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
  decodeClientMessage,
  encodeAck,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isEmptyUpdate,
  readVarUint,
  stepTwoAsUpdateMessage,
} from './protocol';

/** Messages exactly as the stock y-websocket client builds them. */
function clientMessages(): Uint8Array[] {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, 'hello, wörld 😀');
  const msg = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    write(e);
    return encoding.toUint8Array(e);
  };
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'ada' } });
  const out = [
    msg((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, doc))),
    msg((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep2(e, doc))),
    msg((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc)))),
    msg((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])))),
    msg((e) => encoding.writeVarUint(e, 3)),
  ];
  awareness.destroy();
  return out;
}

describe('decodeClientMessage', () => {
  it('SYNC-2, SYNC-3, SYNC-4, SYNC-6: decodes every message the stock client sends, with payloads that are views of the frame', () => {
    const [step1, step2, update, awareness, query] = clientMessages();
    expect(decodeClientMessage(step1!)).toMatchObject({ kind: 'sync-step1' });
    const s2 = decodeClientMessage(step2!);
    expect(s2).toMatchObject({ kind: 'sync-step2' });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (s2 as { update: Uint8Array }).update);
    expect(doc.getText('content').toString()).toBe('hello, wörld 😀');
    expect(decodeClientMessage(update!)).toMatchObject({ kind: 'sync-update' });
    expect(decodeClientMessage(awareness!)).toMatchObject({ kind: 'awareness' });
    expect(decodeClientMessage(query!)).toEqual({ kind: 'query-awareness' });
  });

  it('CLOSE-1: returns a truncation error, never throws, for every prefix of every valid message', () => {
    for (const m of clientMessages()) {
      for (let cut = 0; cut < m.length; cut++) {
        const r = decodeClientMessage(m.subarray(0, cut));
        if (m.length === 1) expect(r).toMatchObject({ kind: 'error', error: 'empty' });
        else expect(r).toMatchObject({ kind: 'error' });
      }
    }
  });

  it('CLOSE-1: rejects a huge length prefix without allocating', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint(e, 2 ** 40);
    encoding.writeUint8(e, 1);
    expect(decodeClientMessage(encoding.toUint8Array(e))).toMatchObject({ kind: 'error', error: 'truncated' });
  });

  it('CLOSE-1: rejects overlong varints, unknown types and steps, server-only types, and trailing bytes', () => {
    const cases: Array<[number[], string]> = [
      [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 'varint-overflow'],
      [[0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80], 'varint-overflow'],
      [[7], 'unknown-type'],
      [[2, 0, 0], 'unknown-type'],
      [[100, 3], 'unknown-type'],
      [[0, 3, 0], 'unknown-type'],
      [[0, 2, 2, 0, 0, 9], 'trailing-bytes'],
      [[1, 0, 0], 'trailing-bytes'],
      [[3, 0], 'trailing-bytes'],
      [[], 'empty'],
    ];
    for (const [bytes, error] of cases) {
      expect(decodeClientMessage(new Uint8Array(bytes)), JSON.stringify(bytes)).toMatchObject({ kind: 'error', error });
    }
  });

  it('never throws on random frames (seeded fuzz)', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const valid = clientMessages();
    for (let i = 0; i < 20_000; i++) {
      let bytes: Uint8Array;
      if (i % 2 === 0) {
        bytes = new Uint8Array(Math.floor(rand() * 40));
        for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rand() * 256);
      } else {
        // Mutate a valid message: flip a few bytes.
        bytes = valid[i % valid.length]!.slice();
        for (let k = 0; k < 3; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      }
      const r = decodeClientMessage(bytes);
      expect(typeof r.kind).toBe('string');
    }
  });
});

describe('readVarUint', () => {
  it('SYNC-2: agrees with lib0 on values up to 2^53', () => {
    for (const v of [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, v);
      const bytes = encoding.toUint8Array(e);
      expect(readVarUint(bytes, 0)).toEqual([v, bytes.length]);
      expect(decoding.readVarUint(decoding.createDecoder(bytes))).toBe(v);
    }
  });
});

describe('encoders', () => {
  it('SYNC-3, SYNC-5, ACK-1: produce what y-protocols and the stock client read', () => {
    const doc = new Y.Doc();
    doc.getText('content').insert(0, 'abc');
    const update = Y.encodeStateAsUpdate(doc);
    for (const [bytes, step] of [[encodeSyncStep2(update), 1], [encodeUpdate(update), 2]] as const) {
      const d = decoding.createDecoder(bytes);
      expect(decoding.readVarUint(d)).toBe(0);
      const target = new Y.Doc();
      expect(syncProtocol.readSyncMessage(d, encoding.createEncoder(), target, null)).toBe(step);
      expect(target.getText('content').toString()).toBe('abc');
    }
    const sv = decodeClientMessage(encodeSyncStep1(Y.encodeStateVector(doc)));
    expect(sv).toMatchObject({ kind: 'sync-step1' });
    expect(decodeClientMessage(encodeAwareness(new Uint8Array([1, 2])))).toMatchObject({ kind: 'awareness' });

    const denied = decoding.createDecoder(encodePermissionDenied('read-only'));
    expect([decoding.readVarUint(denied), decoding.readVarUint(denied), decoding.readVarString(denied)]).toEqual([2, 0, 'read-only']);
    const ack = decoding.createDecoder(encodeAck(1234));
    expect([decoding.readVarUint(ack), decoding.readVarUint(ack)]).toEqual([100, 1234]);
  });

  it('re-labels a step 2 as an update without touching the original', () => {
    const step2 = encodeSyncStep2(new Uint8Array([0, 0]));
    const relabelled = stepTwoAsUpdateMessage(step2);
    expect(decodeClientMessage(relabelled)).toMatchObject({ kind: 'sync-update' });
    expect(decodeClientMessage(step2)).toMatchObject({ kind: 'sync-step2' });
  });

  it('recognises the empty update a synced client answers with', () => {
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
    const doc = new Y.Doc();
    doc.getText('content').insert(0, 'x');
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(doc))).toBe(false);
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)))).toBe(true);
  });
});
