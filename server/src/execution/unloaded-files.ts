/**
 * Files a command wrote that are binary or over the size limit: the workspace lists
 * them (an item with empty text, so the tree, the file API and every client see
 * the file exist) but does not load them as text. Pure.
 *
 * The real bytes live only in the environment, so the server must never push the
 * empty placeholder over them: while a path is registered here and its document is
 * still empty, writes of it are not marked dirty. Typing into the placeholder is a
 * decision to replace the file, so non-empty text clears the mark and is pushed.
 * Deleting, renaming or moving the placeholder clears it as well (a rename cannot
 * carry bytes the server never had: the renamed file is empty in the environment).
 * The registry is in memory: after a server restart the environment restarts with
 * a full push, and such files are empty there too, so tree and environment agree.
 */
import type { UnloadedFile } from '@tandem/protocol';

export class UnloadedFiles {
  private readonly byWorkspace = new Map<string, Map<string, UnloadedFile>>();

  set(workspaceId: string, path: string, info: UnloadedFile): void {
    let paths = this.byWorkspace.get(workspaceId);
    if (!paths) {
      paths = new Map();
      this.byWorkspace.set(workspaceId, paths);
    }
    paths.set(path, info);
  }

  get(workspaceId: string, path: string): UnloadedFile | undefined {
    return this.byWorkspace.get(workspaceId)?.get(path);
  }

  /** The workspace's placeholder paths (a download leaves them out: the server has no bytes for them). */
  paths(workspaceId: string): ReadonlySet<string> {
    return new Set(this.byWorkspace.get(workspaceId)?.keys() ?? []);
  }

  /** Whether a write of `text` to `path` would clobber bytes the server does not hold. */
  shields(workspaceId: string, path: string, text: string): boolean {
    if (!this.get(workspaceId, path)) return false;
    if (text.length === 0) return true;
    this.clear(workspaceId, path);
    return false;
  }

  /** Forgets `path` and everything below it (delete, rename, move, or real text arrived). */
  clear(workspaceId: string, path: string): void {
    const paths = this.byWorkspace.get(workspaceId);
    if (!paths) return;
    for (const key of [...paths.keys()]) if (key === path || key.startsWith(`${path}/`)) paths.delete(key);
    if (paths.size === 0) this.byWorkspace.delete(workspaceId);
  }

  /** The environment stopped (its next start pushes the placeholders as empty files). */
  forgetWorkspace(workspaceId: string): void {
    this.byWorkspace.delete(workspaceId);
  }
}
