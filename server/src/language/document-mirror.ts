/**
 * The language server's copy of one file: a Yjs document of its own, fed the live
 * document's updates (so it is a Yjs peer, never a second source of truth), whose
 * text changes become the LSP `didChange` events, incremental and in order, with a
 * version of their own.
 *
 * Being a real Y.Doc is what lets the server answer for the text a user saw: it
 * knows whether it holds a client's state vector (`holds`), resolves the client's
 * relative positions in it, and makes relative positions of its own that resolve in
 * anyone's copy. Kept without garbage collection, so a position inside text that was
 * deleted since still resolves (to where the text was).
 *
 * The last HISTORY versions keep their changes and text, so an answer computed for
 * an older version (diagnostics, an edit) is mapped onto the current text.
 */
import * as Y from 'yjs';
import { LineIndex, type LspRange } from './text-positions';
import { newServerDoc } from '../sync/server-doc';

/** One change, as applied in order: at `offset`, `deleteCount` code units replaced by `insert`. */
export interface OffsetChange {
  offset: number;
  deleteCount: number;
  insert: string;
}

export type ContentChange = { range: LspRange; text: string } | { text: string };

/** Past this many changes in one transaction, the whole text is sent instead (cheaper than one line index per change). */
const MAX_INCREMENTAL_CHANGES = 16;
const HISTORY = 64;

export class DocumentMirror {
  readonly doc = newServerDoc('language-mirror', { gc: false });
  private readonly ytext = this.doc.getText('content');
  private current = '';
  private currentVersion = 0;
  private lines: LineIndex | null = null;
  /** version → the changes that made it from version - 1, and its text. */
  private readonly history = new Map<number, { changes: OffsetChange[]; text: string }>();

  constructor(private readonly changed: (version: number, changes: ContentChange[]) => void) {
    this.ytext.observe((event) => this.observe(event.delta));
  }

  get version(): number {
    return this.currentVersion;
  }

  get text(): string {
    return this.current;
  }

  /** Applies an update from the live document (what it has that this copy lacks). */
  apply(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update);
  }

  /** The state vector to diff the live document against. */
  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  /** Whether this copy has everything a client had when it encoded `stateVector`. */
  holds(stateVector: Uint8Array): boolean {
    const mine = Y.decodeStateVector(this.stateVector());
    for (const [client, clock] of Y.decodeStateVector(stateVector)) if ((mine.get(client) ?? 0) < clock) return false;
    return true;
  }

  /** The offset a client's relative position (base64) stands for now, or null when it names nothing here. */
  offsetOf(rel: string): number | null {
    try {
      const position = Y.decodeRelativePosition(Buffer.from(rel, 'base64'));
      const absolute = Y.createAbsolutePositionFromRelativePosition(position, this.doc);
      if (!absolute || absolute.type !== this.ytext) return null;
      return absolute.index;
    } catch {
      return null; // not a relative position at all
    }
  }

  /** A relative position (base64) of `offset` in the current text, which resolves in every copy of the document. */
  relAt(offset: number, assoc = 0): string {
    const clamped = Math.max(0, Math.min(offset, this.current.length));
    return Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(this.ytext, clamped, assoc))).toString('base64');
  }

  lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.current));
  }

  /** The line index of an older version's text, or null when it is no longer kept. */
  lineIndexOf(version: number): LineIndex | null {
    if (version === this.currentVersion) return this.lineIndex();
    const text = this.history.get(version)?.text;
    return text === undefined ? null : new LineIndex(text);
  }

  /**
   * Where an offset in `version`'s text is now, or null when that version is no
   * longer kept. A position inside text deleted since maps to where the deletion was;
   * `stickToEnd` maps one at an insertion point past the inserted text.
   */
  mapOffset(offset: number, version: number, stickToEnd = false): number | null {
    if (version > this.currentVersion) return null;
    if (version < this.currentVersion && !this.history.has(version + 1)) return null;
    let mapped = offset;
    for (let v = version + 1; v <= this.currentVersion; v++) {
      for (const change of this.history.get(v)!.changes) mapped = mapThrough(mapped, change, stickToEnd);
    }
    return mapped;
  }

  private observe(delta: Array<{ insert?: unknown; retain?: number; delete?: number }>): void {
    const changes: OffsetChange[] = [];
    let index = 0;
    for (const op of delta) {
      if (op.retain !== undefined) index += op.retain;
      else if (op.delete !== undefined) changes.push({ offset: index, deleteCount: op.delete, insert: '' });
      else if (typeof op.insert === 'string') {
        changes.push({ offset: index, deleteCount: 0, insert: op.insert });
        index += op.insert.length;
      }
    }
    if (changes.length === 0) return;
    const incremental = changes.length <= MAX_INCREMENTAL_CHANGES;
    const contentChanges: ContentChange[] = [];
    let text = this.current;
    for (const change of changes) {
      if (incremental) {
        const lines = text === this.current ? this.lineIndex() : new LineIndex(text);
        contentChanges.push({ range: { start: lines.positionAt(change.offset), end: lines.positionAt(change.offset + change.deleteCount) }, text: change.insert });
      }
      text = text.slice(0, change.offset) + change.insert + text.slice(change.offset + change.deleteCount);
    }
    if (!incremental) contentChanges.push({ text });
    this.current = text;
    this.lines = null;
    this.currentVersion++;
    this.history.set(this.currentVersion, { changes, text });
    this.history.delete(this.currentVersion - HISTORY);
    this.changed(this.currentVersion, contentChanges);
  }
}

function mapThrough(offset: number, change: OffsetChange, stickToEnd: boolean): number {
  const end = change.offset + change.deleteCount;
  if (offset < change.offset || (offset === change.offset && !stickToEnd)) return offset;
  if (offset >= end) return offset - change.deleteCount + change.insert.length;
  return change.offset + (stickToEnd ? change.insert.length : 0); // inside deleted text
}
