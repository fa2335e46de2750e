/**
 * The Monaco URIs of the files language intelligence points into. A workspace file's
 * editor model is `tandem-item:/<itemId>` (the id, not the path: a rename keeps it), so a
 * definition or reference in a file open in another tab names that tab's model; one not
 * open gets a read-only preview model at the same URI for the references peek, which
 * gives way when the file's tab opens. A library file is `library:<path>`.
 */
import { monaco } from '../monaco';

export const ITEM_SCHEME = 'tandem-item';
export const LIBRARY_SCHEME = 'library';

const previews = new Set<string>();

export const itemUri = (itemId: string) => monaco.Uri.from({ scheme: ITEM_SCHEME, path: `/${itemId}` });
const libraryPaths = new Map<string, string>();
export function libraryUri(path: string): monaco.Uri {
  const uri = monaco.Uri.from({ scheme: LIBRARY_SCHEME, path: path.startsWith('/') ? path : `/${path}` });
  libraryPaths.set(uri.toString(), path);
  return uri;
}

/** The item a `tandem-item:` URI names, else null. */
export const itemOf = (uri: monaco.Uri) => (uri.scheme === ITEM_SCHEME ? uri.path.slice(1) : null);
/** The path a `library:` URI names, else null. */
export const libraryPathOf = (uri: monaco.Uri) => (uri.scheme === LIBRARY_SCHEME ? (libraryPaths.get(uri.toString()) ?? uri.path) : null);

/**
 * The URI for the editor model of a file's tab: a preview there is disposed first. Null
 * when another live editor model holds it already (a second view of the file): that one
 * gets an anonymous URI and no cross-file navigation.
 */
export function takeItemUri(itemId: string): monaco.Uri | null {
  const uri = itemUri(itemId);
  const existing = monaco.editor.getModel(uri);
  if (existing && !previews.has(uri.toString())) return null;
  existing?.dispose();
  return uri;
}

/** A read-only stand-in for a file no tab shows (for the references peek), its text as given. */
export function previewModel(uri: monaco.Uri, text: string, language: string): monaco.editor.ITextModel {
  const key = uri.toString();
  const existing = monaco.editor.getModel(uri);
  if (existing && !previews.has(key)) return existing;
  if (existing) {
    if (existing.getValue() !== text) existing.setValue(text);
    return existing;
  }
  const model = monaco.editor.createModel(text, language, uri);
  previews.add(key);
  model.onWillDispose(() => previews.delete(key));
  return model;
}
