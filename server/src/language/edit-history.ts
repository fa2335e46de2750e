/**
 * Edits the language service applied for a user, kept so that user can take one back
 * in one step (`lang.undo`): per file, a Y.UndoManager that tracked only that edit's
 * transaction, on the live document it changed, which is held loaded meanwhile (a
 * rename changes files nobody has open, and an unloaded document is a different Y.Doc
 * when it comes back). The last MAX_EDITS per workspace are kept, for UNDO_WINDOW_MS at
 * most; older ones are forgotten (their managers destroyed, their documents released).
 * A document evicted anyway (a failed save reloads it) makes the edit not undoable.
 */
import type * as Y from 'yjs';

export const MAX_EDITS = 20;
export const UNDO_WINDOW_MS = 10 * 60_000;

export interface EditPart {
  itemId: string;
  path: string;
  doc: Y.Doc;
  manager: Y.UndoManager;
  /** At most what undoing adds to the document's encoding (the deleted text comes back). */
  undoBytes: number;
  /** Lets the document unload again. */
  release(): void;
}

export interface EditRecord {
  editId: string;
  userId: string;
  label: string;
  parts: EditPart[];
}

export class EditHistory {
  private readonly edits = new Map<string, EditRecord>();

  private readonly timers = new Map<string, NodeJS.Timeout>();

  add(record: EditRecord): void {
    this.edits.set(record.editId, record);
    const timer = setTimeout(() => this.destroy(record.editId), UNDO_WINDOW_MS);
    timer.unref();
    this.timers.set(record.editId, timer);
    while (this.edits.size > MAX_EDITS) {
      const oldest = this.edits.keys().next().value as string;
      this.destroy(oldest);
    }
  }

  /** The edit, removed from the history, when `userId` made it; null otherwise (never someone else's). */
  take(editId: string, userId: string): EditRecord | null {
    const record = this.edits.get(editId);
    if (!record || record.userId !== userId) return null;
    this.edits.delete(editId);
    clearTimeout(this.timers.get(editId));
    this.timers.delete(editId);
    return record;
  }

  clear(): void {
    for (const id of [...this.edits.keys()]) this.destroy(id);
  }

  private destroy(editId: string): void {
    const record = this.edits.get(editId);
    this.edits.delete(editId);
    clearTimeout(this.timers.get(editId));
    this.timers.delete(editId);
    for (const part of record?.parts ?? []) {
      part.manager.destroy();
      part.release();
    }
  }
}
