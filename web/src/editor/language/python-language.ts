/**
 * Python language intelligence for one editor, loaded with `import()` when the first
 * Python file opens (collab-editor.tsx): the Monaco features it needs
 * (python-contributions.ts), the providers (once per page), and per file: `lang.open`
 * for as long as the editor shows it, its diagnostics as markers, and Ctrl+Z for the
 * edits the server applied.
 */
import './python-contributions';
import type * as Y from 'yjs';
import { monaco } from '../monaco';
import { bindDiagnostics } from './diagnostics-binding';
import type { LanguageContext } from './language-context';
import { registerPythonProviders, showMessage } from './providers';
import { addPythonFile } from './python-files';
import { bindServerUndo, type UndoHooks } from './server-undo';

export interface PythonEditor {
  ctx: LanguageContext;
  itemId: string;
  doc: Y.Doc;
  text: Y.Text;
  model: monaco.editor.ITextModel;
  editor: monaco.editor.IStandaloneCodeEditor;
  undo: UndoHooks;
  canEdit(): boolean;
}

/**
 * Several definitions (pyright names a typeshed stub and the module's source) go to the
 * first, as a single one does, rather than a peek: the place opens in its tab (a library
 * file read-only); F12 again goes on to the next. Alt+F12 still peeks.
 */
const GO_TO_FIRST = { multiple: 'goto', multipleDefinitions: 'goto', multipleDeclarations: 'goto', multipleTypeDefinitions: 'goto', multipleImplementations: 'goto' } as const;

export function attachPython({ ctx, itemId, doc, text, model, editor, undo, canEdit }: PythonEditor): () => void {
  registerPythonProviders();
  editor.updateOptions({ gotoLocation: { ...GO_TO_FIRST, multipleReferences: 'peek' } });
  const detach = [
    addPythonFile({ itemId, doc, text, model, ctx, canEdit }),
    ctx.client.open(itemId),
    bindDiagnostics(ctx.client, itemId, model, doc, text),
    bindServerUndo(undo, ctx.client, itemId),
    // The server could not take an edit back (the document was reloaded since): say so where Ctrl+Z was pressed.
    ctx.client.onUndoFailed((message) => {
      if (monaco.editor.getEditors().some((e) => e.getModel() === model && e.hasTextFocus())) showMessage(model, message);
    }),
  ];
  return () => {
    for (const d of detach.reverse()) d();
  };
}
