/**
 * One file's live document: a Y.Doc synced over the stock y-websocket provider
 * (docs/protocols.md `/sync`), our presence in its awareness, and the save state
 * from the server's acks. No Monaco here, so the editor view stays about the editor.
 */
import { MESSAGE_ACK, readAck } from '@tandem/protocol';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider, messageSync } from 'y-websocket';
import * as Y from 'yjs';
import { socketOrigin } from '../lib/origins';
import { isEmptyUpdate, SaveTracker, type SaveState } from '../lib/save-state';

export interface CollabSession {
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  /** Sends what waits for a connection now: reconnects at once instead of at the end of the backoff. */
  flush(): void;
  /** Resolves once the server acked every local edit so far (false after `timeoutMs` without). */
  whenSaved(timeoutMs: number): Promise<boolean>;
  destroy(): void;
}

export function openCollabSession(
  workspaceId: string,
  itemId: string,
  user: { name: string; color: string },
  onSaveState: (state: SaveState) => void,
): CollabSession {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${socketOrigin()}/sync/${encodeURIComponent(workspaceId)}`, itemId, doc, {
    params: { ack: '1' },
    // Tabs of one browser talk to the server like everyone else: one path, one truth for "Saved".
    disableBc: true,
  });
  provider.awareness.setLocalStateField('user', user);

  const tracker = new SaveTracker();
  const savedWaiters = new Set<() => void>();
  const report = () => {
    onSaveState(tracker.state);
    if (tracker.state === 'saved') for (const w of [...savedWaiters]) w();
  };

  // The server opens each connection with its sync step 1; the provider answers with a
  // step 2 that the server commits and counts when it is not empty. Peek to count it too.
  const handleSync = provider.messageHandlers[messageSync]!;
  provider.messageHandlers[messageSync] = (encoder, decoder, p, emitSynced, type) => {
    const peek = decoding.clone(decoder);
    if (decoding.readVarUint(peek) === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(peek);
      tracker.onStepTwoSent(isEmptyUpdate(Y.encodeStateAsUpdate(doc, stateVector)));
      report();
    }
    handleSync(encoder, decoder, p, emitSynced, type);
  };
  provider.messageHandlers[MESSAGE_ACK] = (_encoder, decoder) => {
    tracker.onAck(readAck(decoder));
    report();
  };

  // Before 'status': the close code says whether the server could not save (CloseCode.DATABASE_UNAVAILABLE, UNSAVED_LIMIT).
  const onClose = (event: { code: number } | null) => {
    if (event) tracker.onClosed(event.code);
  };
  provider.on('connection-close', onClose);
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') tracker.onConnected();
    else if (status === 'disconnected') tracker.onDisconnected();
    report();
  };
  provider.on('status', onStatus);
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;
    tracker.onLocalUpdate();
    report();
  };
  doc.on('update', onUpdate);

  return {
    doc,
    text: doc.getText('content'),
    provider,
    flush() {
      // Connected, every edit went out as it was made; otherwise the next connection's step 2 carries them.
      if (!provider.wsconnected) provider.connect();
    },
    whenSaved(timeoutMs) {
      if (tracker.state === 'saved') return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (ok: boolean) => {
          savedWaiters.delete(onSaved);
          clearTimeout(timer);
          resolve(ok);
        };
        const onSaved = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        savedWaiters.add(onSaved);
      });
    },
    destroy() {
      doc.off('update', onUpdate);
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      provider.destroy();
      doc.destroy();
    },
  };
}
