/**
 * One file's live document: a Y.Doc synced over the stock y-websocket provider
 * (docs/protocols.md `/sync`), our presence in its awareness, and the save state
 * from the server's acks. No Monaco here, so the editor view stays about the editor.
 *
 * Connection truth (docs/connection.md): the provider's socket is watched
 * (watched-socket.ts), so once the document is synced a server silent past the
 * heartbeat deadline means a dead connection, and the provider reconnects at once
 * instead of after y-websocket's own 30 s. Coming back online reconnects now.
 *
 * Kept in this browser (stored-document.ts): with a user id, the document lives in
 * IndexedDB too, loaded before the first connection, so edits made offline survive a
 * closed tab and go out in the next connection's step 2. Beside it, the snapshot of
 * the last moment everything was acknowledged, so a reload knows whether the copy
 * holds edits no server confirmed.
 */
import { CloseCode, HEARTBEAT_DEADLINE_MS, MESSAGE_ACK, readAck } from '@tandem/protocol';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider, messageSync } from 'y-websocket';
import * as Y from 'yjs';
import { fileLinkKey, reportLink } from '../lib/connection-store';
import { socketOrigin } from '../lib/origins';
import { isEmptyUpdate, SaveTracker, type SaveState } from '../lib/save-state';
import { trackStoredCopy } from '../lib/open-stored-copies';
import { ACKED_KEY, acknowledged, acknowledgedSnapshot, storedDocumentName } from '../lib/stored-document';
import { watchedSocketClass } from '../lib/watched-socket';

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

/** Closes after which this file can take no more edits on this page: no reconnecting. */
const FINAL_CLOSES: ReadonlySet<number> = new Set([CloseCode.UNAUTHENTICATED, CloseCode.FORBIDDEN, CloseCode.NOT_FOUND]);
/** y-websocket's auth message (type 2): the server dropped an update of ours (SYNC-5, SYNC-7). */
const MESSAGE_AUTH = 2;
/** A browser whose IndexedDB does not answer (some private modes) still edits, unstored. */
const STORE_WAIT_MS = 2000;

export function openCollabSession(
  workspaceId: string,
  itemId: string,
  user: { name: string; color: string; id?: string },
  onSaveState: (state: SaveState) => void,
): CollabSession {
  const doc = new Y.Doc();
  const stored = user.id ? new IndexeddbPersistence(storedDocumentName(user.id, workspaceId, itemId), doc) : null;
  const untrack = stored && user.id ? trackStoredCopy(user.id, stored) : () => {};
  const provider: WebsocketProvider = new WebsocketProvider(`${socketOrigin()}/sync/${encodeURIComponent(workspaceId)}`, itemId, doc, {
    params: { ack: '1' },
    // Tabs of one browser talk to the server like everyone else: one path, one truth for "Saved".
    disableBc: true,
    // After the stored copy is loaded (below), so that its edits go out in the first step 2.
    connect: false,
    // Before the first sync the server's step 2 may be large and arrive whole: no deadline yet.
    WebSocketPolyfill: watchedSocketClass(() => (provider.synced ? HEARTBEAT_DEADLINE_MS : null)),
  });
  provider.awareness.setLocalStateField('user', { name: user.name, color: user.color });

  const tracker = new SaveTracker();
  const savedWaiters = new Set<() => void>();
  let destroyed = false;
  const noteAcknowledged = () => {
    if (stored && tracker.state === 'saved') void stored.set(ACKED_KEY, acknowledgedSnapshot(doc).slice().buffer).catch(() => undefined);
  };
  // Others' edits change the copy too: note it acknowledged again soon after, not per keystroke.
  let noteLater: ReturnType<typeof setTimeout> | null = null;
  const report = () => {
    onSaveState(tracker.state);
    if (tracker.state !== 'saved') return;
    noteAcknowledged();
    for (const w of [...savedWaiters]) w();
  };

  // Connections lost since the last open: the status bar's "attempt n".
  let drops = 0;
  const link = (state: 'connecting' | 'open' | 'closed') => reportLink(fileLinkKey(itemId), { state, attempt: drops });
  link('connecting');

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
  provider.messageHandlers[MESSAGE_AUTH] = () => {
    // Permission denied is the only auth message: an edit of ours was dropped, not saved.
    tracker.onDenied();
    report();
  };

  // Before 'status': the close code says whether the server could not save (CloseCode.DATABASE_UNAVAILABLE, UNSAVED_LIMIT).
  const onClose = (event: { code: number } | null) => {
    if (!event) return;
    tracker.onClosed(event.code);
    drops++;
    if (FINAL_CLOSES.has(event.code)) {
      provider.shouldConnect = false;
      link('closed');
      // The file is gone: nothing can ever take what this browser kept of it.
      if (event.code === CloseCode.NOT_FOUND) void stored?.clearData();
    } else link('connecting');
  };
  provider.on('connection-close', onClose);
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') {
      tracker.onConnected();
      drops = 0;
      link('open');
    } else if (status === 'disconnected') tracker.onDisconnected();
    report();
  };
  provider.on('status', onStatus);
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    // The server's updates, and the stored copy being loaded, are not edits to send.
    if (origin === provider && stored && noteLater === null) {
      noteLater = setTimeout(() => {
        noteLater = null;
        noteAcknowledged();
      }, 500);
    }
    if (origin === provider || (stored && origin === stored)) return;
    tracker.onLocalUpdate();
    report();
  };
  doc.on('update', onUpdate);

  const reconnectNow = () => {
    // Connected, every edit went out as it was made; otherwise the next connection's step 2 carries them.
    if (!destroyed && provider.shouldConnect && !provider.wsconnected) provider.connect();
  };
  window.addEventListener('online', reconnectNow);

  const restored = stored
    ? Promise.race([
        stored.whenSynced.then(() => stored.get(ACKED_KEY)).then((acked: unknown) => tracker.onRestored(!acknowledged(doc, acked))),
        new Promise((resolve) => setTimeout(resolve, STORE_WAIT_MS)),
      ]).catch(() => undefined)
    : Promise.resolve();
  void restored.then(() => {
    if (destroyed) return;
    report();
    provider.connect();
  });

  return {
    doc,
    text: doc.getText('content'),
    provider,
    flush: reconnectNow,
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
      destroyed = true;
      if (noteLater) clearTimeout(noteLater);
      window.removeEventListener('online', reconnectNow);
      doc.off('update', onUpdate);
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      reportLink(fileLinkKey(itemId), null);
      provider.destroy();
      // Closes the store's connection; what it holds stays for the next visit.
      untrack();
      void stored?.destroy();
      doc.destroy();
    },
  };
}
