/**
 * The y-websocket wire protocol (docs/protocols.md), bytes in and bytes out.
 *
 * Every frame is one message: a varuint message type, then its body.
 *   0 sync       0 step 1 (state vector) | 1 step 2 (update) | 2 update, each a varUint8Array
 *   1 awareness  varUint8Array (a y-protocols awareness update)
 *   2 auth       server → client: varuint 0 (permission denied) + varString reason
 *   3 query awareness, client → server, empty
 *   100 ack      server → client: varuint, this connection's committed updates so far
 *
 * The handshake (client-server model of y-protocols/sync.js): the client opens with
 * step 1; the server answers step 2 (what the client lacks) followed by its own
 * step 1; the client answers that with step 2 (what the server lacks). Afterwards
 * both sides send updates.
 *
 * `decodeClientMessage` never throws: hostile input (truncated bodies, length
 * prefixes larger than the frame, overlong varints, trailing bytes, unknown types)
 * comes back as a `DecodeError` value, and the caller closes that connection with
 * 4400. Payloads are views into the input (no copy): copy before keeping them past
 * the uWS message callback, whose ArrayBuffer is reused.
 */
import { MESSAGE_ACK } from '@tandem/protocol';
import * as encoding from 'lib0/encoding';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3, ack: MESSAGE_ACK } as const;
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2'; update: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' };

export type DecodeErrorKind = 'empty' | 'truncated' | 'varint-overflow' | 'unknown-type' | 'trailing-bytes';
export interface DecodeError {
  kind: 'error';
  error: DecodeErrorKind;
  detail: string;
}

/** A varuint may carry at most 53 bits (JS safe integers), so at most 8 bytes. */
const MAX_VARUINT_BYTES = 8;

/** Reads a varuint at `pos`; returns [value, next position] or an error kind. Never throws. */
export function readVarUint(bytes: Uint8Array, pos: number): [number, number] | DecodeErrorKind {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < MAX_VARUINT_BYTES; i++) {
    if (pos >= bytes.length) return 'truncated';
    const b = bytes[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value > Number.MAX_SAFE_INTEGER ? 'varint-overflow' : [value, pos];
    scale *= 128;
  }
  return 'varint-overflow';
}

const fail = (error: DecodeErrorKind, detail: string): DecodeError => ({ kind: 'error', error, detail });

/** Reads a length-prefixed byte array that must end exactly at the end of the frame. */
function readLastVarBytes(bytes: Uint8Array, pos: number, what: string): Uint8Array | DecodeError {
  const r = readVarUint(bytes, pos);
  if (typeof r === 'string') return fail(r, `${what}: bad length prefix`);
  const [length, start] = r;
  const remaining = bytes.length - start;
  if (length > remaining) return fail('truncated', `${what}: length ${length} exceeds the ${remaining} bytes left`);
  if (length < remaining) return fail('trailing-bytes', `${what}: ${remaining - length} bytes after the payload`);
  return bytes.subarray(start, start + length);
}

export function decodeClientMessage(bytes: Uint8Array): ClientMessage | DecodeError {
  if (bytes.length === 0) return fail('empty', 'empty frame');
  const t = readVarUint(bytes, 0);
  if (typeof t === 'string') return fail(t, 'bad message type');
  const [type, pos] = t;
  switch (type) {
    case MessageType.sync: {
      const s = readVarUint(bytes, pos);
      if (typeof s === 'string') return fail(s, 'sync: bad step');
      const [step, body] = s;
      if (step > SyncStep.update) return fail('unknown-type', `sync: unknown step ${step}`);
      const payload = readLastVarBytes(bytes, body, 'sync');
      if (!(payload instanceof Uint8Array)) return payload;
      if (step === SyncStep.step1) return { kind: 'sync-step1', stateVector: payload };
      return step === SyncStep.step2 ? { kind: 'sync-step2', update: payload } : { kind: 'sync-update', update: payload };
    }
    case MessageType.awareness: {
      const payload = readLastVarBytes(bytes, pos, 'awareness');
      return payload instanceof Uint8Array ? { kind: 'awareness', update: payload } : payload;
    }
    case MessageType.queryAwareness:
      return pos === bytes.length ? { kind: 'query-awareness' } : fail('trailing-bytes', 'query awareness carries no body');
    default:
      return fail('unknown-type', `unknown message type ${type}`);
  }
}

/** The empty Yjs (v1) update: no structs, empty delete set. A step 2 like this changes nothing. */
/** A client that holds nothing yet (a fresh editor): its state vector lists no clients. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * A client's step 2 relayed to the other clients must arrive as a plain update: a
 * step 2 would mark a client that is still syncing as synced. Both headers are
 * single bytes ([0, 1] → [0, 2]), so this is one copy and one byte.
 */
export function stepTwoAsUpdateMessage(message: Uint8Array): Uint8Array {
  const copy = message.slice();
  copy[1] = SyncStep.update;
  return copy;
}

function encode(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

const syncMessage = (step: number, payload: Uint8Array) =>
  encode((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });

export const encodeSyncStep1 = (stateVector: Uint8Array) => syncMessage(SyncStep.step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => syncMessage(SyncStep.step2, update);
export const encodeUpdate = (update: Uint8Array) => syncMessage(SyncStep.update, update);

export const encodeAwareness = (update: Uint8Array) =>
  encode((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, update);
  });

export const encodePermissionDenied = (reason: string) =>
  encode((e) => {
    encoding.writeVarUint(e, MessageType.auth);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, reason);
  });

/** The ack (type 100) is Tandem's own message: its encoding lives with the other wire shapes. */
export { encodeAck } from '@tandem/protocol';
