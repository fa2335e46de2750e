// How a client frames y-websocket messages for each kind of server. Bytes in,
// bytes out; the socket lives in client.ts.
//
// y-websocket (ours, the classic server, the relay): a frame is one message,
//   varuint type (0 sync, 1 awareness, 2 auth, 100 ack) + body.
//   Handshake: the client sends sync step 1; the server answers with sync step 2
//   (the client is then synced) and its own step 1, which the client answers with
//   step 2.
// Hocuspocus 2+: every frame starts with varString documentName, then the same
//   message, with extra types (4 SyncReply = sync without a step-1 echo, 8
//   SyncStatus). The server queues everything until an auth message
//   (type 2, subtype 0 Token, varString token) arrives and is accepted (it answers
//   type 2, subtype 2 Authenticated). A client that skips it gets no reply at all,
//   which is why every run counts synced clients.
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export type WireKind = 'yjs' | 'hocuspocus';

export const HOCUSPOCUS_SYNC_REPLY = 4;
export const HOCUSPOCUS_AUTH_TOKEN = 0;
export const HOCUSPOCUS_AUTH_DENIED = 1;

export interface Wire {
  /** Frames to send right after the socket opens, before sync step 1. */
  opening(): Uint8Array[];
  /** Frames a y-websocket message. `reply` marks the answer to the server's step 1. */
  frame(message: Uint8Array, reply?: boolean): Uint8Array;
  /** The y-websocket message inside a frame, or null for frames of another document. */
  unframe(frame: Uint8Array): Uint8Array | null;
  /** Why the server refused us, if this (unframed) message says so. */
  refusal(message: Uint8Array): string | null;
}

// y-websocket auth message: type 2, then 0 = permission denied + varString reason.
function yjsRefusal(message: Uint8Array): string | null {
  if (message[0] !== 2 || message[1] !== 0) return null;
  const d = decoding.createDecoder(message.subarray(2));
  return `permission denied: ${decoding.hasContent(d) ? decoding.readVarString(d) : ''}`;
}

export const yjsWire: Wire = {
  opening: () => [],
  frame: (message) => message,
  unframe: (frame) => frame,
  refusal: yjsRefusal,
};

export function hocuspocusWire(documentName: string, token = 'load-test'): Wire {
  const prefix = (() => {
    const e = encoding.createEncoder();
    encoding.writeVarString(e, documentName);
    return encoding.toUint8Array(e);
  })();
  const withPrefix = (message: Uint8Array) => {
    const out = new Uint8Array(prefix.length + message.length);
    out.set(prefix);
    out.set(message, prefix.length);
    return out;
  };
  return {
    opening() {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 2); // auth
      encoding.writeVarUint(e, HOCUSPOCUS_AUTH_TOKEN);
      encoding.writeVarString(e, token);
      return [withPrefix(encoding.toUint8Array(e))];
    },
    frame(message, reply) {
      const framed = withPrefix(message);
      // Answering the server's step 1 as SyncReply keeps it from sending step 1 again.
      if (reply && message[0] === 0) framed[prefix.length] = HOCUSPOCUS_SYNC_REPLY;
      return framed;
    },
    unframe(frame) {
      const d = decoding.createDecoder(frame);
      const name = decoding.readVarString(d);
      const sep = name.indexOf('\0');
      if ((sep === -1 ? name : name.slice(0, sep)) !== documentName) return null;
      const inner = frame.subarray(d.pos);
      // SyncReply carries an ordinary sync message; present it as one.
      if (inner[0] === HOCUSPOCUS_SYNC_REPLY) {
        const copy = Uint8Array.from(inner);
        copy[0] = 0;
        return copy;
      }
      return inner;
    },
    refusal(message) {
      const d = decoding.createDecoder(message);
      const type = decoding.readVarUint(d);
      if (type === 7) return `closed by server: ${decoding.readVarString(d)}`;
      if (type !== 2 || decoding.readVarUint(d) !== HOCUSPOCUS_AUTH_DENIED) return null;
      return `permission denied: ${decoding.readVarString(d)}`;
    },
  };
}

export function wireFor(kind: WireKind, documentName: string): Wire {
  return kind === 'hocuspocus' ? hocuspocusWire(documentName) : yjsWire;
}
