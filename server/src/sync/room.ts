/**
 * A loaded document: the Y.Doc, its awareness, the connections attached to it, and
 * the bookkeeping that decides when it is compacted and unloaded.
 */
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { DocumentSize } from './document-size';
import { newServerDoc } from './server-doc';
import type { SyncConnection } from './sync-connection';

/**
 * Staged updates are integrated at once past either limit: memory stays bounded, and
 * so does the pause one integration makes (a few hundred updates of a busy document
 * in one go showed up in p99 propagation; 64 already amortise the transaction).
 */
const STAGE_LIMIT_BYTES = 1024 * 1024;
const STAGE_LIMIT_UPDATES = 64;

/** A staged update Yjs failed to integrate: the error and who sent it (the stage's origin). */
export type IntegrateFailed = (error: unknown, origin: unknown) => void;

export class Room {
  private readonly ydoc: Y.Doc;
  /** Accepted client updates not in `ydoc` yet, with their senders (see `doc`). */
  private staged: Array<{ update: Uint8Array; origin: unknown }> = [];
  private stagedBytes = 0;
  /** The sync step 2 a client holding nothing gets, while the doc is unchanged (see wholeStateReply). */
  private wholeState: Uint8Array | null = null;
  /** The text, while the doc is unchanged (see textContent). */
  private textString: string | null = null;
  readonly awareness: Awareness;
  readonly connections = new Set<SyncConnection>();
  /** The encoded state's size as an upper bound (TANDEM_MAX_DOCUMENT_BYTES; document-size.ts). */
  readonly size: DocumentSize;
  /** Highest log seq reflected in `doc` and committed (compaction folds up to it). */
  lastSeq = 0n;
  /** Log rows not folded into the stored state yet. */
  updatesSinceCompaction = 0;
  /** Appends handed to the store and not settled yet. */
  pendingAppends = 0;
  /** Server-side operations (Documents.withDocument, readDocument) in progress: keep the room loaded meanwhile (unloader.ts). */
  holds = 0;
  compacting: Promise<void> | null = null;
  /** Compactions failed in a row, and when (Date.now()) the update count may trigger one again (compaction-retry.ts). */
  compactFailures = 0;
  compactDueAt = 0;
  contentTimer: NodeJS.Timeout | null = null;
  announceTimer: NodeJS.Timeout | null = null;
  announcePending = false;
  unloadTimer: NodeJS.Timeout | null = null;
  /** Removed from the hub (unloaded or dropped): late callbacks must not touch the store for it. */
  detached = false;
  private settledWaiters: Array<() => void> = [];

  constructor(
    readonly itemId: string,
    public workspaceId: string,
    maxDocumentBytes: number,
    private readonly integrateFailed: IntegrateFailed = () => {},
  ) {
    this.ydoc = newServerDoc(itemId);
    this.size = new DocumentSize(maxDocumentBytes, () => Y.encodeStateAsUpdate(this.doc).byteLength);
    this.awareness = new Awareness(this.ydoc);
    // Any transaction may have changed the doc. (Not 'update': listening to that makes
    // Yjs encode every transaction's update.)
    this.ydoc.on('afterTransaction', () => {
      this.wholeState = null;
      this.textString = null;
    });
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
  }

  /**
   * The document with every accepted update in it. Client updates are staged on the
   * hot path, not applied (`stage`): they are relayed as the bytes received and
   * persisted from the log, so the Y.Doc is needed only when someone reads it (a
   * joining client's sync, the content flush, compaction, the API), and integrating
   * what piled up meanwhile in one transaction costs a fraction of one per update
   * (README "Figures"). update-check.ts vouches that what is staged integrates.
   */
  get doc(): Y.Doc {
    if (this.staged.length > 0) this.integrate();
    return this.ydoc;
  }

  /**
   * The reply to a client that holds nothing, encoded once for every such client until
   * the doc changes: when a class opens a large document at once, each would otherwise
   * cost a full encoding (about 20 ms and the document's size in garbage per client for
   * 5 MB). Reading `doc` first integrates what is staged, which ends a stale encoding.
   */
  wholeStateReply(encode: (doc: Y.Doc) => Uint8Array): Uint8Array {
    const doc = this.doc;
    return (this.wholeState ??= encode(doc));
  }

  /** Keeps a checked client update (a copy the room may own) for the next read of `doc`. */
  stage(update: Uint8Array, origin: unknown): void {
    this.size.grew(update.byteLength);
    this.staged.push({ update, origin });
    this.stagedBytes += update.byteLength;
    if (this.stagedBytes > STAGE_LIMIT_BYTES || this.staged.length >= STAGE_LIMIT_UPDATES) this.integrate();
  }

  private integrate(): void {
    const staged = this.staged;
    this.staged = [];
    this.stagedBytes = 0;
    const doc = this.ydoc;
    doc.transact(() => {
      for (const { update, origin } of staged) {
        try {
          Y.applyUpdate(doc, update, origin);
        } catch (error) {
          this.integrateFailed(error, origin);
        }
      }
    });
  }

  get text(): Y.Text {
    return this.doc.getText('content');
  }

  /**
   * The text as a string, kept until the doc changes: Y.Text builds it by walking every
   * item, the deleted ones too, and a file rewritten often by the API holds tens of
   * thousands of those (a read, a write's diff and the content flush each asked again).
   */
  textContent(): string {
    const text = this.text; // integrates what is staged, which ends a stale string
    return (this.textString ??= text.toString());
  }

  /** A server-side change just made the text exactly `text` (in the transaction that ended last). */
  textIs(text: string): void {
    this.textString = text;
  }

  get idle(): boolean {
    return this.connections.size === 0 && this.holds === 0;
  }

  appendSettled(): void {
    this.pendingAppends--;
    if (this.pendingAppends === 0 && this.settledWaiters.length > 0) {
      const waiters = this.settledWaiters;
      this.settledWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Resolves when every append made so far has committed or failed. */
  settled(): Promise<void> {
    if (this.pendingAppends === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  clearTimers(): void {
    if (this.contentTimer) clearTimeout(this.contentTimer);
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = null;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.contentTimer = this.unloadTimer = null;
  }

  destroy(): void {
    this.detached = true;
    this.clearTimers();
    this.staged = [];
    this.wholeState = null;
    this.textString = null;
    this.awareness.destroy();
    this.ydoc.destroy();
  }
}
