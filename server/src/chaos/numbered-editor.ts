/**
 * An editor for the chaos tests: a raw `/sync` socket with acks (`?ack=1`), whose every
 * update appends one numbered token `<i>`, so token i is update i of that socket and
 * "every acknowledged update is stored" reads as "tokens 0..acked-1 are in the text".
 * After its socket closes, `reconnect` hands the same document to the stock
 * y-websocket provider, which sends what the server lacks in its step 2, as the IDE does.
 */
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType } from '../sync/protocol';
import { connectRaw, rawStep1, syncUrl, type RawClient } from '../sync/sync-test-clients';

export class NumberedEditor {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('content');
  readonly raw: RawClient;
  /** Updates sent on the raw socket. */
  sent = 0;
  /** Tokens typed, sent or not. */
  typed = 0;
  /** [ack count, when] as they arrived on the raw socket. */
  readonly acks: Array<[number, number]> = [];

  private constructor(wsUrl: string, workspaceId: string, readonly itemId: string, readonly token: string) {
    this.raw = connectRaw(syncUrl(wsUrl, workspaceId, itemId, { token, ack: '1' }));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== null && origin !== undefined) return;
      if (this.raw.ws.readyState !== this.raw.ws.OPEN) return;
      this.raw.sendUpdate(update);
      this.sent++;
    });
    this.raw.ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) === MessageType.ack) this.acks.push([decoding.readVarUint(d), performance.now()]);
    });
  }

  static async open(wsUrl: string, workspaceId: string, itemId: string, token: string): Promise<NumberedEditor> {
    const editor = new NumberedEditor(wsUrl, workspaceId, itemId, token);
    await editor.raw.opened;
    rawStep1(editor.raw, editor.doc);
    return editor;
  }

  get open(): boolean {
    return this.raw.ws.readyState === this.raw.ws.OPEN;
  }

  acked(): number {
    return this.raw.acked();
  }

  /** `count` updates, one token each; `pad` bytes of filler per token make large updates. */
  type(count: number, pad = 0): void {
    for (let k = 0; k < count; k++) this.text.insert(this.text.length, `<${this.typed++}>${pad ? '.'.repeat(pad) : ''}`);
  }

  /**
   * The same document through the stock provider (auto-reconnect, step 2 of what the
   * server lacks). Resolves once it synced and the server acknowledged `minAcks` updates.
   */
  reconnect(wsUrl: string, workspaceId: string): ReconnectedEditor {
    const provider = new WebsocketProvider(`${wsUrl}/sync/${workspaceId}`, this.itemId, this.doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: this.token, ack: '1' },
      disableBc: true,
      maxBackoffTime: 250,
    });
    const closeCodes: number[] = [];
    let acked = 0;
    provider.on('connection-close', (event: { code: number } | null) => void (event && closeCodes.push(event.code)));
    provider.messageHandlers[MessageType.ack] = (_encoder, decoder) => {
      acked = Math.max(acked, decoding.readVarUint(decoder));
    };
    return { provider, closeCodes, acked: () => acked, destroy: () => provider.destroy() };
  }
}

export interface ReconnectedEditor {
  provider: WebsocketProvider;
  closeCodes: number[];
  acked(): number;
  destroy(): void;
}
