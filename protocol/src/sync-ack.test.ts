// The `/sync` ack (message 100): its bytes, and that y-websocket's way of reading
// (type first, then the handler) and the whole-frame decoder agree with the encoder.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { MESSAGE_ACK, decodeAck, encodeAck, readAck, writeAck } from './sync-ack';

describe('the ack', () => {
  it('ACK-1: is the varuint type 100, then the varuint count', () => {
    expect(MESSAGE_ACK).toBe(100);
    expect([...encodeAck(0)]).toEqual([100, 0]);
    expect([...encodeAck(129)]).toEqual([100, 0x81, 0x01]);
  });

  it.each([0, 1, 127, 128, 300, 2 ** 31, Number.MAX_SAFE_INTEGER])('round-trips %d', (count) => {
    expect(decodeAck(encodeAck(count))).toBe(count);
    const decoder = decoding.createDecoder(encodeAck(count));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_ACK);
    expect(readAck(decoder)).toBe(count);
  });

  it('writes into an encoder as the frame encoder does', () => {
    const encoder = encoding.createEncoder();
    writeAck(encoder, 42);
    expect(encoding.toUint8Array(encoder)).toEqual(encodeAck(42));
  });

  it('tells other frames apart without throwing', () => {
    expect(decodeAck(new Uint8Array([]))).toEqual({ error: 'truncated' });
    expect(decodeAck(new Uint8Array([100]))).toEqual({ error: 'truncated' });
    expect(decodeAck(new Uint8Array([100, 0x80]))).toEqual({ error: 'truncated' });
    expect(decodeAck(new Uint8Array([100, 1, 0]))).toEqual({ error: 'trailing-bytes' });
    expect(decodeAck(new Uint8Array([0, 2, 0]))).toEqual({ error: 'not-an-ack' });
    expect(decodeAck(new Uint8Array([1, 0]))).toEqual({ error: 'not-an-ack' });
  });
});
