/**
 * The socket side of `/sync` in memory, for tests of the sync core without
 * uWebSockets.js (as tldraw sync-core's TestSocketPair stands in for a socket):
 *
 * - `FakeTransport` is uWS pub/sub: topics, a socket's `publish` to the other
 *   subscribers, and `broadcast` to all of them (the hub's `app.publish`).
 * - `FakePeer` is one socket as the hub sees it (`SyncPeer`): it records every frame
 *   the server sends it and how it was closed, and closing it runs the endpoint's
 *   close handler at once, as uWS `end()` does.
 * - `TestClient` is the editor at the other end: a Y.Doc that answers the handshake
 *   as y-websocket does, applies what it receives, sends its own changes as update
 *   frames, and counts acks. It reads what the server sent a microtask later, in
 *   order, as over a network (never inside the server's send). Frames it sends are
 *   handed over in a buffer that is overwritten once the call returns, as uWS reuses
 *   its ArrayBuffer: what the server keeps of a frame without copying it shows up as
 *   garbage.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { Role } from '../context';
import { encodeAwareness, encodeSyncStep1, encodeUpdate, MessageType } from './protocol';
import { SyncConnection, type SyncPeer } from './sync-connection';

/** What a client's socket needs of the hub (sync-connections.ts). */
export interface SyncSockets {
  open(conn: SyncConnection): void;
  receive(conn: SyncConnection, bytes: Uint8Array): void;
  disconnect(conn: SyncConnection): void;
}

export class FakeTransport {
  private readonly topics = new Map<string, Set<FakePeer>>();

  /** Publish to every subscriber of the topic (uWS `app.publish`). */
  readonly broadcast = (topic: string, bytes: Uint8Array): void => {
    for (const peer of [...(this.topics.get(topic) ?? [])]) peer.deliver(bytes);
  };

  subscribe(peer: FakePeer, topic: string): void {
    let peers = this.topics.get(topic);
    if (!peers) this.topics.set(topic, (peers = new Set()));
    peers.add(peer);
  }

  unsubscribe(peer: FakePeer, topic: string): void {
    this.topics.get(topic)?.delete(peer);
  }

  publishFrom(sender: FakePeer, topic: string, bytes: Uint8Array): void {
    for (const peer of [...(this.topics.get(topic) ?? [])]) if (peer !== sender) peer.deliver(bytes);
  }

  leave(peer: FakePeer): void {
    for (const peers of this.topics.values()) peers.delete(peer);
  }
}

export class FakePeer implements SyncPeer {
  closed = false;
  closedWith: { code: number; reason: string } | null = null;
  /** Every frame the server sent this socket (direct or published), in order. */
  readonly sent: Uint8Array[] = [];
  /** The client end, called a microtask after the send; set by TestClient. */
  onFrame: (bytes: Uint8Array) => void = () => {};
  /** The endpoint's close handler (sync-endpoint.ts calls `disconnect`). */
  onClose: () => void = () => {};

  constructor(private readonly transport: FakeTransport) {}

  deliver(bytes: Uint8Array): void {
    if (this.closed) return;
    const copy = bytes.slice();
    this.sent.push(copy);
    queueMicrotask(() => this.onFrame(copy));
  }

  send(bytes: Uint8Array): void {
    this.deliver(bytes);
  }

  subscribe(topic: string): void {
    if (!this.closed) this.transport.subscribe(this, topic);
  }

  unsubscribe(topic: string): void {
    this.transport.unsubscribe(this, topic);
  }

  sendPaced(bytes: Uint8Array, done: () => void): void {
    if (this.closed) return;
    this.deliver(bytes);
    done();
  }

  publish(topic: string, bytes: Uint8Array): void {
    if (!this.closed) this.transport.publishFrom(this, topic, bytes);
  }

  cork(fn: () => void): void {
    fn();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closedWith = { code, reason };
    this.ended();
  }

  /** The socket ended (either side): it leaves every topic and the endpoint is told. */
  ended(): void {
    this.closed = true;
    this.transport.leave(this);
    this.onClose();
  }
}

export interface TestClientOptions {
  workspaceId: string;
  itemId: string;
  role?: Role;
  /** `?ack=1` (default true). */
  wantsAck?: boolean;
  userId?: string;
  /** What the client holds already (a client reconnecting with edits the server lacks). */
  doc?: Y.Doc;
}

export class TestClient {
  readonly doc: Y.Doc;
  readonly text: Y.Text;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peer: FakePeer;
  readonly conn: SyncConnection;
  /** The highest ack count received. */
  acked = 0;
  /** Permission-denied reasons received. */
  readonly denied: string[] = [];
  /** Update and step-2 payloads received from the server. */
  readonly updates: Uint8Array[] = [];
  /** Set once the server's step 2 arrived. */
  synced = false;

  constructor(
    transport: FakeTransport,
    private readonly sockets: SyncSockets,
    options: TestClientOptions,
  ) {
    this.doc = options.doc ?? new Y.Doc();
    this.text = this.doc.getText('content');
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.peer = new FakePeer(transport);
    this.conn = new SyncConnection(this.peer, {
      workspaceId: options.workspaceId,
      itemId: options.itemId,
      userId: options.userId ?? 'user',
      role: options.role ?? 'editor',
      wantsAck: options.wantsAck ?? true,
    });
    this.peer.onFrame = (bytes) => this.receive(bytes);
    this.peer.onClose = () => sockets.disconnect(this.conn);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this && !this.peer.closed) this.send(encodeUpdate(update));
    });
  }

  /** Open the socket and send step 1 at once, as y-websocket does (the server may still be loading). */
  connect(): this {
    this.sockets.open(this.conn);
    this.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    return this;
  }

  /** One frame to the server, in a buffer overwritten once the server returns (uWS reuses it). */
  send(frame: Uint8Array): void {
    if (this.peer.closed) return;
    const buffer = frame.slice();
    this.sockets.receive(this.conn, buffer);
    buffer.fill(0xee);
  }

  type(text: string): void {
    this.text.insert(this.text.length, text);
  }

  setPresence(state: Record<string, unknown>): void {
    this.awareness.setLocalState(state);
    this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID])));
  }

  /** The client closes its socket. */
  leave(): void {
    if (!this.peer.closed) this.peer.ended();
  }

  get closeCode(): number | null {
    return this.peer.closedWith?.code ?? null;
  }

  private receive(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync: {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageType.sync);
        const payloadAt = decoder.pos;
        const step = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
        if (step !== syncProtocol.messageYjsSyncStep1) this.updates.push(decoding.readVarUint8Array(decoding.createDecoder(bytes.subarray(payloadAt + 1))));
        if (step === syncProtocol.messageYjsSyncStep2) this.synced = true;
        if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
        return;
      }
      case MessageType.awareness:
        return awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
      case MessageType.auth:
        decoding.readVarUint(decoder);
        return void this.denied.push(decoding.readVarString(decoder));
      case MessageType.ack:
        this.acked = Math.max(this.acked, decoding.readVarUint(decoder));
    }
  }
}
