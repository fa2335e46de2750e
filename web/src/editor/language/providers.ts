/**
 * Python's Monaco providers: each one maps onto a `lang.request` on the page's own `/ws`
 * socket (language-client.ts) and its answer onto Monaco's shapes (monaco-shapes.ts).
 * A thin mapping on purpose: monaco-languageclient would bring the whole VS Code API
 * shim and a JSON-RPC stack, several times the IDE's JavaScript budget, to talk to a
 * language server the browser never sees (the server is its only client, LANG-3).
 *
 * Rename, Format Document and code actions are applied by the server (LANG-6): the
 * providers return no edits, and the change arrives through Yjs like anyone's typing, so
 * every user's document (and comment anchors) moves the same way. A `cancelled` answer
 * (a newer request of the same method superseded it, LANG-4) is an empty one.
 */
import type { LanguageMethod } from '@tandem/protocol';
import { monaco } from '../monaco';
import type { CancelSignal, LanguageAnswer, RequestFields } from './language-client';
import { ensureModels } from './library-file';
import { itemOf, itemUri, libraryPathOf, libraryUri } from './model-uris';
import { codeActions, completionList, documentSymbols, hover, locations, signatureHelp } from './monaco-shapes';
import { anyContext, pythonFileById, pythonFileOf, type PythonFile } from './python-files';
import { encodeRel, encodeStateVector } from './rel-positions';

const LANGUAGE = 'python';
const APPLY_CODE_ACTION = 'tandem.python.applyCodeAction';

type Model = monaco.editor.ITextModel;

function fieldsAt(file: PythonFile, model: Model, position?: monaco.IPosition, end?: monaco.IPosition): RequestFields {
  return {
    itemId: file.itemId,
    stateVector: encodeStateVector(file.doc),
    ...(position ? { position: encodeRel(file.text, model.getOffsetAt(position)) } : {}),
    ...(end ? { end: encodeRel(file.text, model.getOffsetAt(end)) } : {}),
  };
}

async function ask<M extends LanguageMethod>(method: M, model: Model, fields: (file: PythonFile) => RequestFields, token?: CancelSignal) {
  const file = pythonFileOf(model);
  if (!file) return null;
  const answer: LanguageAnswer<M> = await file.ctx.client.request(method, fields(file), token);
  return answer.ok ? { file, result: answer.result } : null;
}

/** Says `message` at the cursor of the editor showing `model` (the focused one, if several do). */
export function showMessage(model: Model, message: string): void {
  const editor = monaco.editor.getEditors().find((e) => e.getModel() === model && e.hasTextFocus()) ?? monaco.editor.getEditors().find((e) => e.getModel() === model);
  const messages = editor?.getContribution('editor.contrib.messageController') as { showMessage(message: string, at: monaco.IPosition): void } | null | undefined;
  const at = editor?.getPosition();
  if (messages && at) messages.showMessage(message, at);
}

/** Says why an edit the server was asked to make did not happen. */
function tell(model: Model, answer: { ok: false; code: string; message: string }) {
  if (answer.code !== 'cancelled') showMessage(model, answer.message);
}

async function applyEdit(model: Model, method: 'format' | 'applyCodeAction', fields: (file: PythonFile) => RequestFields) {
  const file = pythonFileOf(model);
  if (!file?.canEdit()) return;
  // Not cancellable: the person asked for the change; it lands through Yjs when the server made it.
  const answer = await file.ctx.client.request(method, fields(file));
  if (!answer.ok) tell(model, answer);
}

function uriFor(file: PythonFile, model: Model) {
  return (l: { itemId: string | null; path: string }) => (l.itemId === file.itemId ? model.uri : l.itemId ? itemUri(l.itemId) : libraryUri(l.path));
}

async function places(method: 'definition' | 'references', model: Model, position: monaco.IPosition, token: CancelSignal) {
  const answer = await ask(method, model, (f) => fieldsAt(f, model, position), token);
  if (!answer) return [];
  // The peek shows each place from its model: make them before handing the places over.
  await ensureModels(answer.result, answer.file.ctx.client, answer.file.ctx.workspaceId);
  return locations(answer.result, uriFor(answer.file, model));
}

let registered = false;

/** Once per page (one Monaco instance): the providers find their file by model. */
export function registerPythonProviders(): void {
  if (registered) return;
  registered = true;
  const L = monaco.languages;

  L.registerCompletionItemProvider(LANGUAGE, {
    triggerCharacters: ['.'],
    async provideCompletionItems(model, position, context, token) {
      const trigger = context.triggerCharacter ? { triggerCharacter: context.triggerCharacter } : {};
      const answer = await ask('completion', model, (f) => ({ ...fieldsAt(f, model, position), ...trigger }), token);
      if (!answer) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const wordRange = { startLineNumber: position.lineNumber, startColumn: word.startColumn, endLineNumber: position.lineNumber, endColumn: word.endColumn };
      return completionList(answer.result, { doc: answer.file.doc, positionAt: (i) => model.getPositionAt(i) }, position, wordRange);
    },
  });

  L.registerHoverProvider(LANGUAGE, {
    async provideHover(model, position, token) {
      const answer = await ask('hover', model, (f) => fieldsAt(f, model, position), token);
      return answer ? hover(answer.result, { doc: answer.file.doc, positionAt: (i) => model.getPositionAt(i) }) : null;
    },
  });

  L.registerSignatureHelpProvider(LANGUAGE, {
    signatureHelpTriggerCharacters: ['(', ','],
    signatureHelpRetriggerCharacters: [')'],
    async provideSignatureHelp(model, position, token) {
      const answer = await ask('signatureHelp', model, (f) => fieldsAt(f, model, position), token);
      return answer ? signatureHelp(answer.result) : null;
    },
  });

  L.registerDefinitionProvider(LANGUAGE, { provideDefinition: (model, position, token) => places('definition', model, position, token) });
  L.registerReferenceProvider(LANGUAGE, { provideReferences: (model, position, _context, token) => places('references', model, position, token) });

  L.registerDocumentSymbolProvider(LANGUAGE, {
    displayName: 'Python',
    async provideDocumentSymbols(model, token) {
      const answer = await ask('documentSymbol', model, (f) => fieldsAt(f, model), token);
      return answer ? documentSymbols(answer.result) : [];
    },
  });

  L.registerRenameProvider(LANGUAGE, {
    async provideRenameEdits(model, position, newName) {
      const file = pythonFileOf(model);
      if (!file) return { edits: [] };
      const answer = await file.ctx.client.request('rename', { ...fieldsAt(file, model, position), newName });
      // Monaco shows a reject reason as the rename's failure; a superseded rename is no failure.
      return answer.ok || answer.code === 'cancelled' ? { edits: [] } : { edits: [], rejectReason: answer.message };
    },
  });

  L.registerDocumentFormattingEditProvider(LANGUAGE, {
    displayName: 'ruff (on the server)',
    async provideDocumentFormattingEdits(model) {
      await applyEdit(model, 'format', (f) => fieldsAt(f, model));
      return [];
    },
  });
  L.registerDocumentRangeFormattingEditProvider(LANGUAGE, {
    displayName: 'ruff (on the server)',
    async provideDocumentRangeFormattingEdits(model, range) {
      await applyEdit(model, 'format', (f) => fieldsAt(f, model, { lineNumber: range.startLineNumber, column: range.startColumn }, { lineNumber: range.endLineNumber, column: range.endColumn }));
      return [];
    },
  });

  monaco.editor.registerCommand(APPLY_CODE_ACTION, (_accessor, itemId: string, actionId: string) => {
    const file = pythonFileById(itemId);
    if (file) void applyEdit(file.model, 'applyCodeAction', (f) => ({ itemId: f.itemId, stateVector: encodeStateVector(f.doc), actionId }));
  });
  L.registerCodeActionProvider(LANGUAGE, {
    async provideCodeActions(model, range, context, token) {
      const empty = { actions: [], dispose() {} };
      // The light bulb asks on every cursor move: only where there is a problem, unless asked (Ctrl/Cmd+.).
      if (!pythonFileOf(model)?.canEdit() || (context.trigger === L.CodeActionTriggerType.Auto && context.markers.length === 0)) return empty;
      const answer = await ask('codeAction', model, (f) => fieldsAt(f, model, range.getStartPosition(), range.getEndPosition()), token);
      return answer ? codeActions(answer.result, APPLY_CODE_ACTION, answer.file.itemId) : empty;
    },
  });

  // Go to definition into another file: the page opens its tab, or shows the library file.
  monaco.editor.registerEditorOpener({
    openCodeEditor(source, resource, selectionOrPosition) {
      const itemId = itemOf(resource);
      const library = libraryPathOf(resource);
      if (itemId === null && library === null) return false;
      if (source.getModel()?.uri.toString() === resource.toString()) return false; // Monaco moves the cursor itself.
      const ctx = pythonFileOf(source.getModel())?.ctx ?? anyContext();
      if (!ctx) return false;
      const at = !selectionOrPosition ? { lineNumber: 1, column: 1 }
        : 'startLineNumber' in selectionOrPosition ? { lineNumber: selectionOrPosition.startLineNumber, column: selectionOrPosition.startColumn } : selectionOrPosition;
      if (itemId !== null) ctx.openItem(itemId, at);
      else ctx.openLibrary(library!, at);
      return true;
    },
  });
}
