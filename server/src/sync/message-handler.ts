/**
 * What one client message does to its document. Called with the bytes of one
 * frame, synchronously inside the socket callback (the bytes are only valid there).
 *
 * Per update from an editor: one decode, one structural check (update-check.ts),
 * one size check (an addition and a comparison: document-size.ts), one look at
 * whether it can be saved now (the database is up, the unsaved budget has room), one publish of
 * the ORIGINAL bytes (the fan-out happens in C++), one append to the log, and the
 * update staged in the room, integrated into its Y.Doc in a batch when the doc is
 * next read (room.ts). Nothing waits for the database: the ack is what
 * waits for the commit.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { syncDenial } from '../auth/policy';
import { CloseCode } from '@tandem/protocol';
import type { AwarenessRelay } from './awareness-relay';
import type { Room } from './room';
import {
  decodeClientMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep2,
  isEmptyStateVector,
  isEmptyUpdate,
  stepTwoAsUpdateMessage,
} from './protocol';
import type { Broadcast, SyncConnection } from './sync-connection';
import type { SyncMetrics } from './sync-metrics';
import { sendSyncReply } from './sync-replies';
import type { UpdateAcceptor } from './update-acceptor';
import { checkUpdate } from './update-check';

export { READ_ONLY_REASON } from '../auth/policy';

/** The parts a message reaches: each the owner of what it does (document-hub.ts builds it once). */
export interface MessageSink {
  metrics: SyncMetrics;
  /**
   * `saveRefusal`: why an update of `bytes` cannot be taken now (the database is away,
   * too much is unsaved), or null. `accept`: persist an accepted update (a copy), count
   * it for the sender's acks.
   */
  updates: Pick<UpdateAcceptor, 'saveRefusal' | 'accept'>;
  /** A client's awareness update, applied here: for the other replicas' clients (presence-fanout.ts). */
  awareness: Pick<AwarenessRelay, 'fromClient'>;
  /** Publish to every client of the room, the sender included. */
  broadcast: Broadcast;
}

export function handleMessage(sink: MessageSink, conn: SyncConnection, room: Room, bytes: Uint8Array): void {
  sink.metrics.bytesIn.inc(undefined, bytes.byteLength);
  const msg = decodeClientMessage(bytes);
  if (msg.kind === 'error') {
    sink.metrics.errors.inc({ kind: `decode-${msg.error}` });
    return conn.peer.close(CloseCode.BAD_MESSAGE, msg.detail);
  }
  switch (msg.kind) {
    case 'sync-step1': {
      let reply: Uint8Array;
      try {
        reply = isEmptyStateVector(msg.stateVector)
          ? room.wholeStateReply((doc) => encodeSyncStep2(Y.encodeStateAsUpdate(doc)))
          : encodeSyncStep2(Y.encodeStateAsUpdate(room.doc, msg.stateVector));
      } catch {
        return conn.peer.close(CloseCode.BAD_MESSAGE, 'malformed state vector');
      }
      // A large one is paced (sync-replies.ts).
      return sendSyncReply(conn, room, reply);
    }
    case 'sync-step2':
    case 'sync-update': {
      if (isEmptyUpdate(msg.update)) return;
      const denied = syncDenial(conn.role, 'sync.write');
      if (denied) {
        sink.metrics.deniedUpdates.inc();
        return conn.peer.send(encodePermissionDenied(denied));
      }
      const defect = checkUpdate(msg.update);
      if (defect) {
        sink.metrics.errors.inc({ kind: `update-${defect}` });
        return conn.peer.close(CloseCode.BAD_MESSAGE, `malformed update (${defect})`);
      }
      // Before relaying or logging: what would overfill the document reaches no one.
      if (!room.size.admits(msg.update.byteLength)) {
        sink.metrics.errors.inc({ kind: 'document-too-large' });
        return conn.peer.close(CloseCode.DOCUMENT_TOO_LARGE, `document too large (limit ${room.size.limit} bytes)`);
      }
      // Nor what cannot be saved now: no document may hold what the log lacks (update-acceptor.ts).
      const refusal = sink.updates.saveRefusal(msg.update.byteLength);
      if (refusal) {
        sink.metrics.errors.inc({ kind: refusal.kind });
        return conn.peer.close(refusal.code, refusal.reason);
      }
      // Relayed first: staging may integrate a batch (room.ts), which must not delay it.
      const others = room.connections.size - 1;
      if (others > 0) {
        conn.peer.publish(room.itemId, msg.kind === 'sync-update' ? bytes : stepTwoAsUpdateMessage(bytes));
        sink.metrics.updatesOut.inc(undefined, others);
        sink.metrics.bytesOut.inc(undefined, others * bytes.byteLength);
      }
      const update = msg.update.slice();
      room.stage(update, conn);
      return void sink.updates.accept(room, conn, update);
    }
    case 'awareness': {
      const denied = syncDenial(conn.role, 'awareness.publish');
      if (denied) return conn.peer.send(encodePermissionDenied(denied));
      try {
        awarenessProtocol.applyAwarenessUpdate(room.awareness, msg.update, conn);
      } catch {
        return conn.peer.close(CloseCode.BAD_MESSAGE, 'malformed awareness update');
      }
      // To everyone, the sender included, as the y-websocket server does: a client alone
      // on a document then still hears something every 15 s (its own renewal) and does
      // not reconnect after the stock client's 30 s silence timeout.
      sink.broadcast(room.itemId, bytes);
      return sink.awareness.fromClient(room, msg.update);
    }
    case 'query-awareness': {
      const ids = [...room.awareness.getStates().keys()];
      return conn.peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids)));
    }
  }
}
