/**
 * Path validation for archives that cross the trust boundary (pure logic, no I/O).
 *
 * Every path that comes back from an execution environment is hostile: a command
 * can create any name it likes, and a compromised pod can send any tar it likes.
 * A path is accepted only if it is relative, `/`-separated, free of `.`/`..`
 * segments, NUL, control characters and backslashes, and within length limits.
 * Accepted paths are returned normalised (no leading `./`, no trailing `/`), so the
 * same file always has the same key.
 */

export type PathRefusal =
  | 'empty'
  | 'nul'
  | 'control-character'
  | 'backslash'
  | 'absolute'
  | 'dot-segment'
  | 'empty-segment'
  | 'path-too-long'
  | 'name-too-long';

export type PathVerdict = { ok: true; path: string } | { ok: false; reason: PathRefusal };

export interface PathLimits {
  /** Bytes (UTF-8) of the whole path. Linux PATH_MAX is 4096; we keep well below. */
  maxPathBytes: number;
  /** Bytes (UTF-8) of one segment; NAME_MAX on Linux file systems. */
  maxNameBytes: number;
}

export const DEFAULT_PATH_LIMITS: PathLimits = { maxPathBytes: 1024, maxNameBytes: 255 };

// C0 controls and DEL: a newline in a file name breaks line-based tools and logs.
const CONTROL = /[\u0001-\u001f\u007f]/;

/** Validates and normalises a workspace-relative path. The root itself (`.`, `./`) is 'empty'. */
export function validateRelativePath(raw: string, limits: PathLimits = DEFAULT_PATH_LIMITS): PathVerdict {
  if (raw.includes('\0')) return refuse('nul');
  if (CONTROL.test(raw)) return refuse('control-character');
  // Backslash is a separator on Windows and for some tar implementations: never ambiguous here.
  if (raw.includes('\\')) return refuse('backslash');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return refuse('absolute');

  let path = raw;
  while (path.startsWith('./')) path = path.slice(2);
  if (path.endsWith('/')) path = path.slice(0, -1);
  if (path === '' || path === '.') return refuse('empty');

  if (Buffer.byteLength(path, 'utf8') > limits.maxPathBytes) return refuse('path-too-long');
  for (const segment of path.split('/')) {
    if (segment === '') return refuse('empty-segment');
    if (segment === '.' || segment === '..') return refuse('dot-segment');
    if (Buffer.byteLength(segment, 'utf8') > limits.maxNameBytes) return refuse('name-too-long');
  }
  return { ok: true, path };
}

/** Every proper ancestor of a normalised path, outermost first: `a/b/c` -> `a`, `a/b`. */
export function ancestorsOf(path: string): string[] {
  const segments = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) out.push(segments.slice(0, i).join('/'));
  return out;
}

function refuse(reason: PathRefusal): PathVerdict {
  return { ok: false, reason };
}
