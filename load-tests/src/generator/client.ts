// One simulated editor: a WebSocket to one document. It completes the handshake,
// writes real Yjs updates (a Y.Doc holding only its own text, so encoding is done
// by yjs itself), and measures the propagation of everybody else's updates from
// the send time carried in the inserted text.
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  decodeMessage,
  decodeUpdateStrings,
  encodeSyncStep1,
  encodeSyncStep2,
  makeMarker,
  parseMarkers,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
} from '../../k6/lib/yjs-encoder.js';
import type { Wire } from './wire';
import { ConnectFailed } from '../errors';

/** Wall-clock milliseconds with sub-millisecond resolution. */
export const now = (): number => performance.timeOrigin + performance.now();

export interface ClientOptions {
  url: string;
  wire: Wire;
  /** Identifies this client's markers, so it can ignore its own echoes. */
  tag: string;
  connectTimeoutMs: number;
  /** An update from another client arrived: its send time and the receive time. */
  onDelivery(sentAt: number, receivedAt: number): void;
  /** The socket closed after the client had synced. */
  onLost?(reason: string): void;
}

export class SyncClient {
  private ws: WebSocket | null = null;
  private doc: Y.Doc | null = null;
  private synced = false;
  /** Size of the sync step 2 payload that completed the handshake. */
  snapshotBytes = 0;

  constructor(private readonly opts: ClientOptions) {}

  /** Opens the socket; resolves with the time to synced (ms) once sync step 2 arrives. */
  connect(): Promise<number> {
    const { url, wire, connectTimeoutMs } = this.opts;
    const started = now();
    return new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      this.ws = ws;
      ws.binaryType = 'nodebuffer';
      let ended = false;
      const fail = (reason: string) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        if (process.env.BENCH_DEBUG_LATENCY) console.error(`client failed: ${reason}; synced ${this.synced}; ${(now() - started).toFixed(0)} ms after connecting`);
        if (!this.synced) reject(new ConnectFailed(reason));
        else this.opts.onLost?.(reason);
        ws.terminate();
      };
      const timer = setTimeout(() => fail(`not synced after ${connectTimeoutMs} ms`), connectTimeoutMs);
      ws.on('open', () => {
        for (const frame of wire.opening()) ws.send(frame);
        ws.send(wire.frame(encodeSyncStep1()));
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) return fail('text frame on a binary protocol');
        const message = wire.unframe(data);
        if (message === null) return;
        const refusal = wire.refusal(message);
        if (refusal !== null) return fail(refusal);
        if (message[0] !== 0) return; // awareness, acks, sync status: not measured here
        const decoded = decodeMessage(message);
        if (decoded.step === SYNC_STEP1) {
          ws.send(wire.frame(encodeSyncStep2(), true));
        } else if (decoded.step === SYNC_STEP2 && !this.synced) {
          this.synced = true;
          this.snapshotBytes = decoded.payload!.length;
          clearTimeout(timer);
          resolve(now() - started);
        } else if (decoded.step === SYNC_UPDATE) {
          this.receiveUpdate(decoded.payload!);
        }
      });
      ws.on('error', (err) => fail(err.message));
      ws.on('close', (code, reason) => fail(`closed ${code} ${reason.toString()}`));
    });
  }

  private receiveUpdate(update: Uint8Array): void {
    const receivedAt = now();
    const { strings } = decodeUpdateStrings(update);
    for (const s of strings) {
      for (const m of parseMarkers(s.text)) {
        if (m.tag !== this.opts.tag) this.opts.onDelivery(m.time, receivedAt);
      }
    }
  }

  /** Appends a marker (or `text`) to this client's own text and sends the yjs update. */
  sendUpdate(text?: string): number {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return 0;
    if (!this.doc) this.doc = new Y.Doc();
    const sentAt = now();
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    this.doc.on('update', capture);
    const ytext = this.doc.getText('content');
    ytext.insert(ytext.length, text ?? makeMarker(this.opts.tag, sentAt));
    this.doc.off('update', capture);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, update!);
    ws.send(this.opts.wire.frame(encoding.toUint8Array(e)));
    return sentAt;
  }

  get isOpen(): boolean {
    return this.synced && this.ws?.readyState === WebSocket.OPEN;
  }

  /** Closes the socket; resolves when it is closed (or after a second, forcibly). */
  close(): Promise<void> {
    const ws = this.ws;
    this.doc?.destroy();
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    ws.removeAllListeners('close');
    ws.removeAllListeners('error');
    ws.on('error', () => {});
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1000);
      ws.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      ws.close();
    });
  }
}
