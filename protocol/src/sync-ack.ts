/**
 * Tandem's extension of the y-websocket protocol on `/sync` (docs/protocols.md): the
 * ack, message type 100, server → client, sent only to a client that connected with
 * `?ack=1`. Its body is one varuint: how many of this connection's updates are
 * committed to PostgreSQL so far (cumulative, so a lost or merged ack loses nothing).
 * An update that cannot be committed is never acknowledged: the connection is closed
 * instead (4500, 4502, 4504), and the client resends what was not acked on reconnect.
 *
 * Bytes in, bytes out, as y-protocols does: `writeAck`/`readAck` work on lib0 encoders
 * and decoders (`readAck` after the message type was read, as y-websocket's
 * `messageHandlers` are called), `encodeAck`/`decodeAck` on whole frames. Pure.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** After y-websocket's messageSync 0, messageAwareness 1, messageAuth 2, messageQueryAwareness 3. */
export const MESSAGE_ACK = 100;

export function writeAck(encoder: encoding.Encoder, committed: number): void {
  encoding.writeVarUint(encoder, MESSAGE_ACK);
  encoding.writeVarUint(encoder, committed);
}

/** The committed count; throws (as lib0 does) when the body is cut short. */
export function readAck(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder);
}

export function encodeAck(committed: number): Uint8Array {
  const encoder = encoding.createEncoder();
  writeAck(encoder, committed);
  return encoding.toUint8Array(encoder);
}

export type AckDecodeError = { error: 'not-an-ack' | 'truncated' | 'trailing-bytes' };

/** One whole frame: the committed count, or why it is not an ack. Never throws. */
export function decodeAck(frame: Uint8Array): number | AckDecodeError {
  const decoder = decoding.createDecoder(frame);
  try {
    if (decoding.readVarUint(decoder) !== MESSAGE_ACK) return { error: 'not-an-ack' };
    const committed = readAck(decoder);
    return decoding.hasContent(decoder) ? { error: 'trailing-bytes' } : committed;
  } catch {
    return { error: 'truncated' };
  }
}
