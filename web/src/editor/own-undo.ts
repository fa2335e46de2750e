/**
 * Undo that is yours: Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y run a Y.UndoManager over
 * the file's Y.Text that tracks only the transactions of this editor's y-monaco
 * binding (its origin is the binding itself), so a collaborator's edits are never
 * undone and yours are undone wherever theirs moved them. Monaco's own undo stack
 * knows nothing of remote edits (undoing there deletes other people's characters),
 * so its keybindings and its `undo`/`redo` commands are taken over here.
 *
 * An override may take an undo first: in a Python file, the edits the server applied
 * for this user (rename, format) are undone by asking the server (language/server-undo.ts).
 */
import type { MonacoBinding } from 'y-monaco';
import * as Y from 'yjs';
import { monaco } from './monaco';
import { offsetAfterDelta, type TextDelta } from './undo-cursor';

/** Edits closer together than this are one undo step, as Monaco groups typing. */
export const UNDO_CAPTURE_MS = 500;

export interface OwnUndo {
  /**
   * Runs `change` as one edit of this editor (origin: the binding, so it is tracked) and
   * one undo step of its own, never merged with the typing just before or after: an
   * applied suggestion is taken back by one Ctrl+Z.
   */
  ownEdit(change: () => void): void;
  /** The stack itself, for what needs to know when its steps were made. */
  readonly undoManager: Y.UndoManager;
  /** Asked before each undo; true: it undid something itself, the stack stays as it is. */
  setUndoOverride(override: (() => boolean) | null): void;
  destroy(): void;
}

export function bindOwnUndo(editor: monaco.editor.IStandaloneCodeEditor, binding: MonacoBinding, text: Y.Text): OwnUndo {
  const undoManager = new Y.UndoManager(text, { trackedOrigins: new Set([binding]), captureTimeout: UNDO_CAPTURE_MS });

  // Runs after y-monaco's observer (registered first) applied the change to the model.
  const placeCursor = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin !== undoManager) return;
    const offset = offsetAfterDelta(event.delta as TextDelta);
    const model = editor.getModel();
    if (offset === null || !model) return;
    const position = model.getPositionAt(offset);
    editor.setPosition(position);
    editor.revealPositionInCenterIfOutsideViewport(position);
  };
  text.observe(placeCursor);

  let override: (() => boolean) | null = null;
  const undo = () => {
    if (editor.getOption(monaco.editor.EditorOption.readOnly)) return;
    if (!override?.()) undoManager.undo();
  };
  const redo = () => {
    if (!editor.getOption(monaco.editor.EditorOption.readOnly)) undoManager.redo();
  };
  const { KeyMod, KeyCode } = monaco;
  editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyZ, undo);
  editor.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, redo);
  editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyY, redo);
  // Whatever else asks this editor for undo/redo by command id comes here too, never to Monaco's stack.
  const original = editor.trigger.bind(editor);
  editor.trigger = (source, handlerId, payload) => {
    if (handlerId === 'undo') return undo();
    if (handlerId === 'redo') return redo();
    return original(source, handlerId, payload);
  };

  return {
    undoManager,
    setUndoOverride(o) {
      override = o;
    },
    ownEdit(change) {
      undoManager.stopCapturing();
      text.doc!.transact(change, binding);
      undoManager.stopCapturing();
    },
    destroy() {
      text.unobserve(placeCursor);
      undoManager.destroy();
      editor.trigger = original;
    },
  };
}
