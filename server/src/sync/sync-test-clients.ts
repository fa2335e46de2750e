/**
 * Real clients for the sync integration tests: the stock y-websocket provider, and a
 * raw `ws` client for what no well-behaved client sends (garbage, text frames, acks).
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { encodeSyncStep1, encodeUpdate, MessageType } from './protocol';

export interface ProviderClient {
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  /** Reasons of the permission-denied auth messages received. */
  denied: string[];
  /** Close codes seen (the provider reconnects; we record every close). */
  closeCodes: number[];
  destroy(): void;
}

export function connectProvider(wsUrl: string, workspaceId: string, itemId: string, token: string): ProviderClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/sync/${workspaceId}`, itemId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
    maxBackoffTime: 200,
  });
  const denied: string[] = [];
  const closeCodes: number[] = [];
  provider.messageHandlers[MessageType.auth] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    denied.push(decoding.readVarString(decoder));
  };
  provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closeCodes.push(event.code);
  });
  return {
    doc,
    text: doc.getText('content'),
    provider,
    denied,
    closeCodes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function synced(client: ProviderClient): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve) => client.provider.once('sync', (isSynced: boolean) => isSynced && resolve()));
}

/** Polls until `check` returns true (or a truthy value); fails with `what` after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface RawClient {
  ws: WebSocket;
  messages: Uint8Array[];
  /** Resolves with the close code. */
  closed: Promise<number>;
  opened: Promise<void>;
  /** Highest ack count received (message type 100). */
  acked(): number;
  sendUpdate(update: Uint8Array): void;
}

export function connectRaw(url: string): RawClient {
  const ws = new WebSocket(url);
  const messages: Uint8Array[] = [];
  let acked = 0;
  ws.binaryType = 'nodebuffer';
  ws.on('error', () => {});
  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data);
    messages.push(bytes);
    const d = decoding.createDecoder(bytes);
    if (decoding.readVarUint(d) === MessageType.ack) acked = Math.max(acked, decoding.readVarUint(d));
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', (code) => reject(new Error(`closed with ${code} before open`)));
  });
  opened.catch(() => {});
  return {
    ws,
    messages,
    closed,
    opened,
    acked: () => acked,
    sendUpdate: (update) => ws.send(encodeUpdate(update)),
  };
}

export function syncUrl(wsUrl: string, workspaceId: string, itemId: string, query: Record<string, string>): string {
  return `${wsUrl}/sync/${workspaceId}/${itemId}?${new URLSearchParams(query)}`;
}

/** A raw client that also does the opening handshake message, like a real editor. */
export function rawStep1(client: RawClient, doc = new Y.Doc()): void {
  client.ws.send(encodeSyncStep1(Y.encodeStateVector(doc)));
}
