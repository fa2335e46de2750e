/**
 * Workspace paths and the `file://` URIs the language server knows them by (pure).
 * Inside the environment the workspace is /app (the pod's mount, and the sandbox's
 * bind), so `src/app.py` is `file:///app/src/app.py`; anything outside /app is a
 * library file (the interpreter's, site-packages, pyright's bundled stubs).
 */
export const WORKSPACE_ROOT = '/app';
export const WORKSPACE_ROOT_URI = 'file:///app';

export function pathToUri(path: string): string {
  return `${WORKSPACE_ROOT_URI}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** What a URI names: a workspace path, a library file's absolute path, or nothing we read (not file:, malformed). */
export type UriTarget = { kind: 'workspace'; path: string } | { kind: 'library'; path: string } | null;

export function uriTarget(uri: unknown): UriTarget {
  if (typeof uri !== 'string' || !uri.startsWith('file://')) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(uri).pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path.startsWith(`${WORKSPACE_ROOT}/`)) {
    const relative = path.slice(WORKSPACE_ROOT.length + 1);
    if (relative.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return null;
    return { kind: 'workspace', path: relative };
  }
  return { kind: 'library', path };
}

export const isPythonPath = (path: string): boolean => /\.pyi?$/.test(path);
