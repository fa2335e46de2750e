/**
 * Ctrl+Z in a Python file when the server applied an edit for this user (undo-choice.ts):
 * each step of the editor's UndoManager is stamped with the page's clock when it is made
 * or grown, and the undo asks `chooseUndo` whether the newest server edit of this file
 * came after the top step.
 */
import type * as Y from 'yjs';
import type { LanguageClient } from './language-client';
import { chooseUndo, nextTick } from './undo-choice';

const TICK = 'tandem.tick';

/** What of own-undo.ts this needs. */
export interface UndoHooks {
  undoManager: Y.UndoManager;
  setUndoOverride(override: (() => boolean) | null): void;
}

export function bindServerUndo(hooks: UndoHooks, client: LanguageClient, itemId: string): () => void {
  const { undoManager } = hooks;
  const stamp = ({ stackItem, type }: { stackItem: { meta: Map<unknown, unknown> }; type: 'undo' | 'redo' }) => {
    if (type === 'undo') stackItem.meta.set(TICK, nextTick());
  };
  undoManager.on('stack-item-added', stamp);
  undoManager.on('stack-item-updated', stamp);
  hooks.setUndoOverride(() => {
    const top = undoManager.undoStack[undoManager.undoStack.length - 1];
    const choice = chooseUndo(client.serverEdits.forFile(itemId), (top?.meta.get(TICK) as number | undefined) ?? null);
    if (choice.kind === 'local') return false;
    client.undo(choice.editId);
    return true;
  });
  return () => {
    hooks.setUndoOverride(null);
    undoManager.off('stack-item-added', stamp);
    undoManager.off('stack-item-updated', stamp);
  };
}
