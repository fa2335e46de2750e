/**
 * Models for the places a definition or references answer points to, so Monaco's peek
 * can show them: a library file's text (`libraryFile`, read once per page; LANG-7 lets a
 * socket read only paths an answer gave it), and a preview of a workspace file that no
 * tab shows (its live text from the HTTP API).
 */
import type { Location } from '@tandem/protocol';
import { filePath } from '../../lib/file-download';
import { monaco } from '../monaco';
import type { LanguageClient } from './language-client';
import { itemUri, libraryUri, previewModel } from './model-uris';

const libraries = new Map<string, Promise<monaco.editor.ITextModel | null>>();
/**
 * One `libraryFile` request at a time: a newer request of a method supersedes the
 * pending one (LANG-4), and a definition often names two library files at once (the
 * typeshed stub and the module's source).
 */
let queue: Promise<unknown> = Promise.resolve();

/** The read-only model of a library file, or null when the server would not give it. */
export function libraryModel(client: LanguageClient, path: string): Promise<monaco.editor.ITextModel | null> {
  const uri = libraryUri(path);
  const existing = monaco.editor.getModel(uri);
  if (existing) return Promise.resolve(existing);
  let loading = libraries.get(path);
  if (!loading) {
    loading = queue.then(() => client.request('libraryFile', { path })).then((answer) => {
      if (!answer.ok) {
        libraries.delete(path); // Ask again next time: it may have been a dropped connection.
        return null;
      }
      return monaco.editor.getModel(uri) ?? monaco.editor.createModel(answer.result.text, 'python', uri);
    });
    libraries.set(path, loading);
    queue = loading;
  }
  return loading;
}

async function workspacePreview(workspaceId: string, itemId: string, path: string): Promise<void> {
  const uri = itemUri(itemId);
  if (monaco.editor.getModel(uri)) return; // Open in a tab (or previewed already: good enough for a peek).
  const res = await fetch(filePath(workspaceId, path), { credentials: 'same-origin' }).catch(() => null);
  if (res?.ok) previewModel(uri, await res.text(), 'python');
}

/** Makes sure every place has a model (best effort: a place without one has no preview). */
export async function ensureModels(places: readonly Location[], client: LanguageClient, workspaceId: string): Promise<void> {
  const seen = new Set<string>();
  await Promise.all(places.map((p) => {
    const key = p.itemId ?? `lib:${p.path}`;
    if (seen.has(key)) return null;
    seen.add(key);
    return p.itemId ? workspacePreview(workspaceId, p.itemId, p.path) : libraryModel(client, p.path);
  }));
}
