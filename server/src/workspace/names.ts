/**
 * What a file or folder may be called, and what a path may look like. Pure.
 *
 * The rule itself is the executor's (`@tandem/executor/paths`), so that every name
 * the API accepts is one the push can write to a real filesystem: 1-255 bytes of
 * UTF-8, not `.` or `..`, no `/`, NUL, control characters, backslash or lone
 * surrogate, not starting with a drive letter and a colon. Paths: such names joined
 * by single `/`, no leading or trailing `/`, at most 1024 bytes. This file turns its
 * verdicts into the API's codes and messages: a refused name is `invalid_name`; a
 * path that is not one (empty, absolute, an empty or `.`/`..` segment, too long) is
 * `invalid_path`.
 */
import { DEFAULT_PATH_LIMITS, nameRefusal, pathRefusal, type PathRefusal } from '@tandem/executor/paths';

export const MAX_NAME_BYTES = DEFAULT_PATH_LIMITS.maxNameBytes;
export const MAX_PATH_BYTES = DEFAULT_PATH_LIMITS.maxPathBytes;

/** Why the API refuses a name or a path: the 400's code and message. */
export interface NameProblem {
  code: 'invalid_name' | 'invalid_path';
  message: string;
}

const MESSAGES: Record<PathRefusal, string> = {
  empty: 'A name cannot be empty',
  'dot-segment': '"." and ".." are not allowed as names',
  separator: 'A name cannot contain "/"',
  nul: 'A name cannot contain NUL',
  'control-character': 'A name cannot contain control characters (tab, newline, ...)',
  backslash: 'A name cannot contain "\\"',
  'bad-unicode': 'A name must be valid Unicode',
  'drive-letter': 'A name cannot start with a drive letter and a colon ("C:")',
  'name-too-long': `A name is at most ${MAX_NAME_BYTES} bytes of UTF-8`,
  absolute: 'Paths are relative to the workspace (no leading "/")',
  'empty-segment': 'The path has an empty segment ("//" or a trailing "/")',
  'path-too-long': `A path is at most ${MAX_PATH_BYTES} bytes of UTF-8`,
};

/** What is wrong with the path as a path, not with one of its names. */
const PATH_REFUSALS = new Set<PathRefusal>(['absolute', 'empty-segment', 'path-too-long', 'dot-segment']);

/** Why `name` is not a valid item name, or null when it is. */
export function nameProblem(name: string): string | null {
  const refusal = nameRefusal(name);
  return refusal ? MESSAGES[refusal] : null;
}

/** Why `path` is not a valid item path, or null. */
export function pathProblem(path: string): NameProblem | null {
  const refusal = pathRefusal(path);
  if (!refusal) return null;
  if (refusal === 'empty') return { code: 'invalid_path', message: 'The path is empty' };
  if (PATH_REFUSALS.has(refusal)) return { code: 'invalid_path', message: MESSAGES[refusal] };
  const segment = path.split('/').find((s) => nameRefusal(s) === refusal) ?? path;
  return { code: 'invalid_name', message: `${MESSAGES[refusal]} (in "${truncate(segment)}")` };
}

export type ParsedPath = { ok: true; path: string; segments: string[] } | ({ ok: false } & NameProblem);

/**
 * The path of a `/files/<path>` URL from its raw, still percent-encoded tail. We
 * split before decoding so that `%2F` cannot smuggle a separator into a name, and
 * because the router drops empty segments (`a//b`, a leading `/`) that must be refused.
 */
export function parseRawPath(raw: string): ParsedPath {
  if (raw.length === 0) return { ok: false, code: 'invalid_path', message: 'The path is empty' };
  const segments: string[] = [];
  for (const part of raw.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return { ok: false, code: 'invalid_path', message: 'The path is not valid percent-encoding' };
    }
    if (part.length > 0 && segment.includes('/')) return { ok: false, code: 'invalid_path', message: 'A name cannot contain "/"' };
    segments.push(segment);
  }
  const path = segments.join('/');
  const problem = pathProblem(path);
  return problem ? { ok: false, ...problem } : { ok: true, path, segments };
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

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** UUIDs as PostgreSQL prints them (lower case), so ids from URLs compare equal to ids from rows and events. */
export function canonicalId(id: string): string {
  return id.toLowerCase();
}
