import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MemoryDocumentStorage, MemoryDocumentStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { Metrics } from '../metrics';
import type { Role } from '../context';
import { handleMessage, READ_ONLY_REASON, type MessageSink } from './message-handler';
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  MessageType,
  SyncStep,
} from './protocol';
import { Room } from './room';
import { SyncConnection } from './sync-connection';
import { createSyncMetrics } from './sync-metrics';
import { FakePeer, FakeTransport } from './sync-test-peers';
import type { SaveRefusal } from './update-acceptor';

/** A message sink that records what reached each part. */
function recordingSink() {
  const metrics = createSyncMetrics(new Metrics(), new MemoryDocumentStore(new MemoryDocumentStorage()), { connections: () => 0, documents: () => 0 });
  const accepted: Array<{ from: SyncConnection | null; update: Uint8Array }> = [];
  const broadcasts: Uint8Array[] = [];
  const presence: Uint8Array[] = [];
  let refusal: SaveRefusal | null = null;
  const sink: MessageSink = {
    metrics,
    updates: {
      saveRefusal: () => refusal,
      accept: (_room, from, update) => (accepted.push({ from, update }), Promise.resolve()),
    },
    awareness: { fromClient: (_room, update) => void presence.push(update.slice()) },
    broadcast: (_topic, bytes) => void broadcasts.push(bytes.slice()),
  };
  return { sink, accepted, broadcasts, presence, refuse: (r: SaveRefusal | null) => (refusal = r) };
}

function typed(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** The frame's type and, for sync frames, its step. */
function kind(frame: Uint8Array): string {
  if (frame[0] === MessageType.sync) return ['step1', 'step2', 'update'][frame[1]!]!;
  return { [MessageType.awareness]: 'awareness', [MessageType.auth]: 'auth', [MessageType.ack]: 'ack' }[frame[0]!] ?? 'unknown';
}

describe('handleMessage', () => {
  let transport: FakeTransport;
  let room: Room;
  let rec: ReturnType<typeof recordingSink>;

  const join = (role: Role = 'editor') => {
    const peer = new FakePeer(transport);
    const conn = new SyncConnection(peer, { workspaceId: 'ws', itemId: 'item', userId: 'u', role, wantsAck: true });
    peer.subscribe('item');
    room.connections.add(conn);
    conn.room = room;
    return { peer, conn, send: (frame: Uint8Array) => handleMessage(rec.sink, conn, room, frame) };
  };

  beforeEach(() => {
    transport = new FakeTransport();
    room = new Room('item', 'ws', 64 * 1024);
    rec = recordingSink();
  });

  it('SYNC-3: answers a fresh step 1 with the whole document and a known state vector with the difference', () => {
    room.stage(typed('hello'), null);
    const fresh = join();
    fresh.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    expect(fresh.peer.sent.map(kind)).toEqual(['step2']);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, fresh.peer.sent[0]!.subarray(3));
    expect(doc.getText('content').toString()).toBe('hello');

    const current = join();
    current.send(encodeSyncStep1(Y.encodeStateVector(room.doc)));
    expect(current.peer.sent.map(kind)).toEqual(['step2']);
    expect(current.peer.sent[0]!.byteLength).toBeLessThan(fresh.peer.sent[0]!.byteLength);
  });

  it('relays an update to the other clients as received, not to its sender, stages it and accepts a copy', () => {
    const sender = join();
    const other = join();
    const frame = encodeUpdate(typed('x = 1'));
    sender.send(frame);
    expect(sender.peer.sent).toEqual([]);
    expect(other.peer.sent).toEqual([frame]);
    expect(rec.accepted).toHaveLength(1);
    expect(rec.accepted[0]!.from).toBe(sender.conn);
    // A copy: the socket's buffer is reused after the call.
    expect(rec.accepted[0]!.update.buffer).not.toBe(frame.buffer);
    expect(room.text.toString()).toBe('x = 1');
  });

  it("relays a client's step 2 as an update, so no other client takes it for its own handshake", () => {
    const sender = join();
    const other = join();
    sender.send(encodeSyncStep2(typed('late')));
    expect(other.peer.sent.map(kind)).toEqual(['update']);
    expect(other.peer.sent[0]![1]).toBe(SyncStep.update);
  });

  it("SYNC-5, SYNC-7: refuses a viewer's update: permission denied, relayed to no one, never accepted", () => {
    const viewer = join('viewer');
    const other = join();
    viewer.send(encodeUpdate(typed('no')));
    expect(viewer.peer.sent.map(kind)).toEqual(['auth']);
    expect(Buffer.from(viewer.peer.sent[0]!).toString()).toContain(READ_ONLY_REASON);
    expect(viewer.peer.closed).toBe(false);
    expect(other.peer.sent).toEqual([]);
    expect(rec.accepted).toEqual([]);
    expect(room.text.toString()).toBe('');
  });

  it('CLOSE-1: closes the sender of a malformed frame or update with 4400, and nothing reaches anyone', () => {
    const other = join();
    for (const frame of [Uint8Array.of(), Uint8Array.of(0, 2, 5, 1), Uint8Array.of(42), encodeUpdate(Uint8Array.of(1, 2, 3))]) {
      const sender = join();
      sender.send(frame);
      expect(sender.peer.closedWith?.code).toBe(CloseCode.BAD_MESSAGE);
    }
    expect(other.peer.closed).toBe(false);
    expect(other.peer.sent).toEqual([]);
    expect(rec.accepted).toEqual([]);
  });

  it('CLOSE-12, LIMIT-1: closes the sender of an update that would take the document past its limit with 4507, unrelayed', () => {
    const sender = join();
    const other = join();
    sender.send(encodeUpdate(typed('y'.repeat(70 * 1024))));
    expect(sender.peer.closedWith?.code).toBe(CloseCode.DOCUMENT_TOO_LARGE);
    expect(other.peer.sent).toEqual([]);
    expect(rec.accepted).toEqual([]);
  });

  it('FAULT-2: closes the sender with the refusal when the update cannot be saved now, before relaying it', () => {
    const sender = join();
    const other = join();
    rec.refuse({ code: CloseCode.DATABASE_UNAVAILABLE, reason: 'away', kind: 'database-unavailable' });
    sender.send(encodeUpdate(typed('later')));
    expect(sender.peer.closedWith).toEqual({ code: CloseCode.DATABASE_UNAVAILABLE, reason: 'away' });
    expect(other.peer.sent).toEqual([]);
    expect(rec.accepted).toEqual([]);
  });

  it('ignores an empty update', () => {
    const sender = join();
    sender.send(encodeUpdate(Uint8Array.of(0, 0)));
    expect(rec.accepted).toEqual([]);
    expect(sender.peer.sent).toEqual([]);
  });

  it("SYNC-4, SYNC-6: applies a client's awareness, broadcasts it to everyone and hands it on for the other replicas", () => {
    const sender = join();
    const clientDoc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(clientDoc);
    awareness.setLocalState({ name: 'ada' });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [clientDoc.clientID]);
    sender.send(encodeAwareness(update));
    expect(room.awareness.getStates().get(clientDoc.clientID)).toEqual({ name: 'ada' });
    expect(rec.broadcasts).toEqual([encodeAwareness(update)]);
    expect(rec.presence).toEqual([update]);

    const asker = join();
    asker.send(Uint8Array.of(MessageType.queryAwareness));
    expect(asker.peer.sent.map(kind)).toEqual(['awareness']);
  });
});
