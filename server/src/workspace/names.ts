/**
 * What a file or folder may be called, and what a path may look like. Pure.
 *
 * Names: no `/` (the path separator), no NUL (C strings end there: the executor
 * writes these to a real filesystem), not `.` or `..` (they mean something else in
 * every path), 1-255 bytes of UTF-8 (the common filesystem limit).
 * Paths: names joined by single `/`, no leading or trailing `/`, at most 4096 bytes.
 */
export const MAX_NAME_BYTES = 255;
export const MAX_PATH_BYTES = 4096;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Why `name` is not a valid item name, or null when it is. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'A name cannot be empty';
  if (name === '.' || name === '..') return `"${name}" is not allowed as a name`;
  if (name.includes('/')) return 'A name cannot contain "/"';
  if (name.includes('\0')) return 'A name cannot contain NUL';
  if (isLoneSurrogateString(name)) return 'A name must be valid Unicode';
  if (bytes(name) > MAX_NAME_BYTES) return `A name is at most ${MAX_NAME_BYTES} bytes of UTF-8`;
  return null;
}

/** Why `path` is not valid, or null. */
export function pathProblem(path: string): string | null {
  if (path.length === 0) return 'The path is empty';
  if (path.startsWith('/')) return 'Paths are relative to the workspace (no leading "/")';
  if (bytes(path) > MAX_PATH_BYTES) return `A path is at most ${MAX_PATH_BYTES} bytes of UTF-8`;
  for (const segment of path.split('/')) {
    if (segment.length === 0) return 'The path has an empty segment ("//" or a trailing "/")';
    const problem = nameProblem(segment);
    if (problem) return `${problem} (in "${truncate(segment)}")`;
  }
  return null;
}

export type ParsedPath = { ok: true; path: string; segments: string[] } | { ok: false; message: string };

/**
 * The path of a `/files/<path>` URL from its raw, still percent-encoded tail. We
 * split before decoding so that `%2F` cannot smuggle a separator into a name, and
 * because the router drops empty segments (`a//b`, a leading `/`) that must be refused.
 */
export function parseRawPath(raw: string): ParsedPath {
  if (raw.length === 0) return { ok: false, message: 'The path is empty' };
  const segments: string[] = [];
  for (const part of raw.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return { ok: false, message: 'The path is not valid percent-encoding' };
    }
    if (part.length > 0 && segment.includes('/')) return { ok: false, message: 'A name cannot contain "/"' };
    segments.push(segment);
  }
  const path = segments.join('/');
  const problem = pathProblem(path);
  return problem ? { ok: false, message: problem } : { ok: true, path, segments };
}

/** `parent/child`, or just `child` at the top level. */
export function joinPath(parentPath: string | null, name: string): string {
  return parentPath === null ? name : `${parentPath}/${name}`;
}

/** Whether `path` is `ancestor` itself or lies anywhere below it. */
export function isSameOrBelow(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** The paths of every folder above `path`, outermost first: `a/b/c.txt` → [`a`, `a/b`]. */
export function ancestorPaths(path: string): string[] {
  const segments = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) out.push(segments.slice(0, i).join('/'));
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A lone surrogate cannot be encoded as UTF-8 (it would silently become U+FFFD). */
function isLoneSurrogateString(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** UUIDs as PostgreSQL prints them (lower case), so ids from URLs compare equal to ids from rows and events. */
export function canonicalId(id: string): string {
  return id.toLowerCase();
}
