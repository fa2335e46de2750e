/**
 * Which undo Ctrl+Z runs in a Python file. Rename, format and code actions are applied
 * by the server (LANG-6): their changes reach this page as remote Yjs updates, which
 * own-undo.ts's UndoManager rightly does not track. When the latest thing this user did
 * in this file is such an edit (its `lang.applied` came after the UndoManager's top
 * step), Ctrl+Z asks the server to take it back (`lang.undo`, one step across every file
 * it touched); the next Ctrl+Z goes on with the local stack. Pure: the ticks say what
 * came when.
 */

/** One clock for the page: orders local undo steps and server edits. */
let ticks = 0;
export const nextTick = (): number => ++ticks;

export interface ServerEdit {
  editId: string;
  /** `nextTick()` when its `lang.applied` arrived. */
  at: number;
}

export type UndoChoice = { kind: 'server'; editId: string } | { kind: 'local' };

/** `localTop`: the tick of the UndoManager's top undo step (null: empty stack). */
export function chooseUndo(serverEdits: readonly ServerEdit[], localTop: number | null): UndoChoice {
  let latest: ServerEdit | null = null;
  for (const edit of serverEdits) if (!latest || edit.at > latest.at) latest = edit;
  return latest && latest.at > (localTop ?? 0) ? { kind: 'server', editId: latest.editId } : { kind: 'local' };
}

/** The server keeps the last 20 edits undoable (LANG-6): older ones are not worth offering. */
export const SERVER_UNDO_DEPTH = 20;

/** The server edits this user may still undo, per file they touched. */
export class ServerEditLog {
  private readonly edits: Array<ServerEdit & { itemIds: ReadonlySet<string> }> = [];

  record(editId: string, itemIds: readonly string[], at = nextTick()): void {
    this.edits.push({ editId, at, itemIds: new Set(itemIds) });
    if (this.edits.length > SERVER_UNDO_DEPTH) this.edits.shift();
  }

  forFile(itemId: string): ServerEdit[] {
    return this.edits.filter((e) => e.itemIds.has(itemId));
  }

  /** Undone (from any of its files): no longer offered. */
  consume(editId: string): void {
    const at = this.edits.findIndex((e) => e.editId === editId);
    if (at >= 0) this.edits.splice(at, 1);
  }
}
