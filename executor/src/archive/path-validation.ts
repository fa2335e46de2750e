/**
 * The one rule for workspace names and paths (pure logic, no I/O). The server
 * imports it (`@tandem/executor/paths`) for every name it accepts (creating,
 * renaming, `PUT /files/<path>`, files pulled back), so a name the API accepted is
 * one the push can write.
 *
 * Every path that comes back from an execution environment is hostile: a command
 * can create any name it likes, and a compromised pod can send any tar it likes.
 * A path is accepted only if it is relative, `/`-separated, free of `.`/`..`
 * segments, NUL, control characters and backslashes, and within length limits.
 * Accepted paths are returned normalised (no leading `./`, no trailing `/`), so the
 * same file always has the same key.
 *
 * A name (one segment) is 1-255 bytes of UTF-8 (NAME_MAX), not `.` or `..`, without
 * `/`, NUL, C0 controls or DEL (a newline in a name breaks line-based tools and logs),
 * backslashes (a separator on Windows and for some tar implementations), lone
 * surrogates (no UTF-8 for them: the file would get another name), and not starting
 * with a drive letter and a colon (`C:`, an absolute path to some tar readers).
 */

export type PathRefusal =
  | 'empty'
  | 'nul'
  | 'control-character'
  | 'backslash'
  | 'separator'
  | 'bad-unicode'
  | 'drive-letter'
  | 'absolute'
  | 'dot-segment'
  | 'empty-segment'
  | 'path-too-long'
  | 'name-too-long';

export type PathVerdict = { ok: true; path: string } | { ok: false; reason: PathRefusal };

export interface PathLimits {
  /**
   * Bytes (UTF-8) of the whole path. Linux PATH_MAX is 4096 for the absolute path,
   * which also holds the workspace root and the push's staging folder: we keep well below.
   */
  maxPathBytes: number;
  /** Bytes (UTF-8) of one segment; NAME_MAX on Linux file systems. */
  maxNameBytes: number;
}

export const DEFAULT_PATH_LIMITS: PathLimits = { maxPathBytes: 1024, maxNameBytes: 255 };

// C0 controls and DEL.
const CONTROL = /[\u0001-\u001f\u007f]/;
const DRIVE = /^[A-Za-z]:/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `name` cannot be one segment of a workspace path, or null when it can. */
export function nameRefusal(name: string, limits: PathLimits = DEFAULT_PATH_LIMITS): PathRefusal | null {
  if (name === '') return 'empty';
  if (name === '.' || name === '..') return 'dot-segment';
  if (name.includes('/')) return 'separator';
  if (name.includes('\0')) return 'nul';
  if (CONTROL.test(name)) return 'control-character';
  if (name.includes('\\')) return 'backslash';
  if (LONE_SURROGATE.test(name)) return 'bad-unicode';
  if (DRIVE.test(name)) return 'drive-letter';
  if (Buffer.byteLength(name, 'utf8') > limits.maxNameBytes) return 'name-too-long';
  return null;
}

/**
 * Why `path` is not a workspace path exactly as given (no normalising: a leading
 * `./` or a trailing `/` is refused), or null. The server's items hold such paths.
 */
export function pathRefusal(path: string, limits: PathLimits = DEFAULT_PATH_LIMITS): PathRefusal | null {
  if (path === '') return 'empty';
  if (path.startsWith('/')) return 'absolute';
  if (Buffer.byteLength(path, 'utf8') > limits.maxPathBytes) return 'path-too-long';
  for (const segment of path.split('/')) {
    const refusal = nameRefusal(segment, limits);
    if (refusal) return refusal === 'empty' ? 'empty-segment' : refusal;
  }
  return null;
}

/** Validates and normalises a workspace-relative path. The root itself (`.`, `./`) is 'empty'. */
export function validateRelativePath(raw: string, limits: PathLimits = DEFAULT_PATH_LIMITS): PathVerdict {
  if (raw.includes('\0')) return refuse('nul');
  if (CONTROL.test(raw)) return refuse('control-character');
  if (raw.includes('\\')) return refuse('backslash');
  if (raw.startsWith('/') || DRIVE.test(raw)) return refuse('absolute');

  let path = raw;
  while (path.startsWith('./')) path = path.slice(2);
  if (path.endsWith('/')) path = path.slice(0, -1);
  if (path === '' || path === '.') return refuse('empty');

  const refusal = pathRefusal(path, limits);
  return refusal ? refuse(refusal) : { ok: true, path };
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
