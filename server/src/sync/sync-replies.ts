/**
 * What the server sends a client of its own accord: the greeting once the document
 * is loaded (its sync step 1, so the client answers with what the server lacks, and
 * everyone's presence), and the answer to the client's step 1, paced when large.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { encodeAwareness, encodeSyncStep1, encodeUpdate, isEmptyUpdate } from './protocol';
import type { Room } from './room';
import type { SyncConnection } from './sync-connection';

/** Sync replies from this size on are sent paced, in fragments (sendSyncReply). */
export const PACED_REPLY_BYTES = 1024 * 1024;

/** The server opens with its step 1, then the presence of everyone in the room. Call inside a cork. */
export function greet(conn: SyncConnection, room: Room): void {
  conn.peer.send(encodeSyncStep1(Y.encodeStateVector(room.doc)));
  sendPresence(conn, room);
}

/**
 * A large reply (a whole document to a newcomer) goes out paced, in fragments, so
 * uWS never holds it whole for the socket (sync-endpoint.ts). The socket leaves the
 * room's topic meanwhile, as no other message may come between the fragments; when
 * the reply is out, it rejoins and gets what it missed: the document's changes since
 * the reply was encoded, and everyone's presence.
 */
export function sendSyncReply(conn: SyncConnection, room: Room, reply: Uint8Array): void {
  if (reply.byteLength < PACED_REPLY_BYTES) return conn.peer.send(reply);
  const replied = Y.encodeStateVector(room.doc);
  conn.peer.unsubscribe(room.itemId);
  conn.peer.sendPaced(reply, () => {
    if (conn.gone || room.detached) return;
    conn.peer.subscribe(room.itemId);
    const missed = Y.encodeStateAsUpdate(room.doc, replied);
    if (!isEmptyUpdate(missed)) conn.peer.send(encodeUpdate(missed));
    sendPresence(conn, room);
  });
}

function sendPresence(conn: SyncConnection, room: Room): void {
  const states = room.awareness.getStates();
  if (states.size > 0) conn.peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()])));
}
