/**
 * The rewrite hazard, on the IDE's side (issue 11): y-monaco turns every Monaco change
 * into "delete the replaced range, insert the new text", so a change that replaces the
 * whole model (a paste over everything, `setValue`, an edit over the full range) would
 * delete every character a comment is anchored to. This replaces y-monaco's change
 * handler with the same one, except that each change is first trimmed to what it really
 * changes (its common prefix and suffix with the text it replaces are left alone).
 *
 * Same transaction, same origin (the binding: own-undo still tracks it), same mutex (so
 * remote changes applied to the model are not echoed back).
 */
import type { MonacoBinding } from 'y-monaco';
import { trimChange } from '../lib/trimmed-change';
import type { monaco } from './monaco';

interface BindingInternals {
  _monacoChangeHandler: { dispose(): void };
  mux(f: () => void): void;
}

export function trimBindingChanges(binding: MonacoBinding, model: monaco.editor.ITextModel): { dispose(): void } {
  const internals = binding as unknown as BindingInternals;
  internals._monacoChangeHandler.dispose();
  const { ytext, doc } = binding;
  const handler = model.onDidChangeContent((event) => {
    internals.mux(() => {
      doc.transact(() => {
        // Right to left, as y-monaco does: each change's offsets are in the text before all of them.
        const changes = [...event.changes].sort((a, b) => b.rangeOffset - a.rangeOffset);
        // Typing replaces nothing: only a change that replaces text needs the text (a whole-file toString per keystroke would not be free).
        const content = changes.some((c) => c.rangeLength > 0) ? ytext.toString() : '';
        for (const change of changes) {
          const trimmed = trimChange(content.slice(change.rangeOffset, change.rangeOffset + change.rangeLength), change.text);
          if (!trimmed) continue;
          if (trimmed.delete > 0) ytext.delete(change.rangeOffset + trimmed.index, trimmed.delete);
          if (trimmed.insert) ytext.insert(change.rangeOffset + trimmed.index, trimmed.insert);
        }
      }, binding);
    });
  });
  // y-monaco's destroy() disposes `_monacoChangeHandler`: let it dispose ours.
  internals._monacoChangeHandler = handler;
  return handler;
}
