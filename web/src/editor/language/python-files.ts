/**
 * The Python files open in editors of this page, by Monaco model: what a provider,
 * called with nothing but a model, needs to ask about it (the file's id, its Y.Doc and
 * text for positions, the page's language context).
 */
import type * as Y from 'yjs';
import type { monaco } from '../monaco';
import type { LanguageContext } from './language-context';

export interface PythonFile {
  itemId: string;
  doc: Y.Doc;
  text: Y.Text;
  model: monaco.editor.ITextModel;
  ctx: LanguageContext;
  canEdit(): boolean;
}

const files = new Map<monaco.editor.ITextModel, PythonFile>();

export function addPythonFile(file: PythonFile): () => void {
  files.set(file.model, file);
  return () => {
    if (files.get(file.model) === file) files.delete(file.model);
  };
}

export const pythonFileOf = (model: monaco.editor.ITextModel | null | undefined) => (model ? files.get(model) : undefined);
export const pythonFileById = (itemId: string) => [...files.values()].find((f) => f.itemId === itemId);
/** Any open file's context: the page's (one workspace page at a time), for an editor that shows no workspace file. */
export const anyContext = () => files.values().next().value?.ctx;
