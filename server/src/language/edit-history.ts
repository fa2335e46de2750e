/**
 * Edits the language service applied for a user, kept so that user can take one back
 * in one step (`lang.undo`): per file, a Y.UndoManager that tracked only that edit's
 * transaction, on the live document it changed. A document reloaded since (evicted,
 * unloaded) is a different Y.Doc, and the edit is then no longer undoable. The last
 * MAX_EDITS per workspace are kept; older ones are forgotten (their managers destroyed).
 */
import type * as Y from 'yjs';

export const MAX_EDITS = 20;

export interface EditPart {
  itemId: string;
  path: string;
  doc: Y.Doc;
  manager: Y.UndoManager;
  /** At most what undoing adds to the document's encoding (the deleted text comes back). */
  undoBytes: number;
}

export interface EditRecord {
  editId: string;
  userId: string;
  label: string;
  parts: EditPart[];
}

export class EditHistory {
  private readonly edits = new Map<string, EditRecord>();

  add(record: EditRecord): void {
    this.edits.set(record.editId, record);
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
    return record;
  }

  clear(): void {
    for (const id of [...this.edits.keys()]) this.destroy(id);
  }

  private destroy(editId: string): void {
    const record = this.edits.get(editId);
    this.edits.delete(editId);
    for (const part of record?.parts ?? []) part.manager.destroy();
  }
}
