/**
 * The workspace's own ignore file (pure logic): `.tandemignore` at the workspace root,
 * in .gitignore syntax (the `ignore` package: the rules git documents), applied on top
 * of DEFAULT_PULL_IGNORE to what the pull-back brings into the tree.
 *
 * Its text is the user's and may be anything: a line the `ignore` package cannot
 * compile is dropped and reported, never thrown, so a bad pattern never stops the
 * pull-back. Only the first MAX_IGNORE_LINES lines and MAX_IGNORE_BYTES characters count:
 * each line is a regular expression tested against every path of every pull.
 */
import ignore, { type Ignore } from 'ignore';

/** Named like .dockerignore, .npmignore, .vercelignore: a tool's own list, apart from what git ignores. */
export const IGNORE_FILE = '.tandemignore';
export const MAX_IGNORE_LINES = 1000;
export const MAX_IGNORE_BYTES = 64 * 1024;

export interface IgnoreRules {
  /** Whether the path (a folder's without its trailing `/`) is kept out of the pull-back. */
  ignores(path: string, folder: boolean): boolean;
  /** Lines that could not be compiled, as written (for logs). */
  readonly refused: readonly string[];
  /** Whether any rule applies at all. */
  readonly empty: boolean;
}

export const NO_RULES: IgnoreRules = { ignores: () => false, refused: [], empty: true };

export function compileIgnoreFile(text: string | null): IgnoreRules {
  if (text === null || text.trim() === '') return NO_RULES;
  const lines = text.slice(0, MAX_IGNORE_BYTES).split(/\r?\n/).slice(0, MAX_IGNORE_LINES);
  const matcher: Ignore = ignore();
  const refused: string[] = [];
  let count = 0;
  for (const line of lines) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!compiles(line)) {
      refused.push(line);
      continue;
    }
    matcher.add(line);
    count++;
  }
  if (count === 0) return { ...NO_RULES, refused };
  return {
    refused,
    empty: false,
    ignores(path, folder) {
      try {
        return matcher.ignores(folder ? `${path}/` : path);
      } catch {
        // A path the package refuses (not relative): the pull's own validation keeps those out anyway.
        return false;
      }
    },
  };
}

/** The `ignore` package compiles lazily, on the first test: try the line alone, once. */
function compiles(line: string): boolean {
  try {
    ignore().add(line).ignores('a');
    return true;
  } catch {
    return false;
  }
}
