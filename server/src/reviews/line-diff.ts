/**
 * A line diff as unified hunks (3 lines of context), for a review's "changes since".
 * Pure. Common leading and trailing lines are cut first; Myers' O(ND) runs on the
 * rest (the same implementation that diffs text for live documents), with a budget
 * past which the middle is shown as deleted and re-added whole: still exact, never slow.
 *
 * A line is its text *with* its line break (`\n`, or `\r\n` kept whole); the last
 * line of a file that does not end in one has none. So joining the lines gives the
 * file back byte for byte: a change of line endings, or of the final newline, shows
 * as a changed line, as `git diff` shows it.
 *
 * Positions follow unified diff: 1-based; a side with no lines in the hunk (a pure
 * insertion or deletion) gives the line before it, 0 at the start of the file.
 */
import { myersDiff, tokenIds } from '../sync/myers-diff';

export type DiffOp = 'context' | 'add' | 'del';
export interface DiffLine {
  op: DiffOp;
  text: string;
}
export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

/** Files of this many lines or more (either side) are not diffed: `tooLarge` (changes.ts). */
export const MAX_DIFF_LINES = 20_000;
/** …or larger than this, in UTF-8 bytes. */
export const MAX_DIFF_BYTES = 2 * 1024 * 1024;
/** Myers' budget of differing lines: O((N+M)·D) time, O(D²) memory. */
const MAX_D = 1_000;
const CONTEXT = 3;

/** Whether `text` is past the bounds a diff is computed for. */
export function isTooLarge(text: string): boolean {
  // Cheap first: UTF-16 length ≤ UTF-8 bytes, and ≥ a third of them.
  if (text.length > MAX_DIFF_BYTES) return true;
  if (text.length * 3 > MAX_DIFF_BYTES && Buffer.byteLength(text, 'utf8') > MAX_DIFF_BYTES) return true;
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) if (++lines >= MAX_DIFF_LINES) return true;
  return false;
}

/** The lines of `text`, each with its `\n` (see the header); none for the empty text. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let from = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', from)) {
    lines.push(text.slice(from, at + 1));
    from = at + 1;
  }
  if (from < text.length) lines.push(text.slice(from));
  return lines;
}

type Op = 0 | 1 | 2; // equal, delete, insert
const EQUAL = 0;
const DELETE = 1;
const INSERT = 2;

export function lineDiff(oldText: string, newText: string, context = CONTEXT): Hunk[] {
  if (oldText === newText) return [];
  const a = splitLines(oldText);
  const b = splitLines(newText);
  return hunksOf(editScript(a, b), a, b, context);
}

/** One op per line of the edit script; within each changed block, deletions first. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const ops: Op[] = new Array<Op>(prefix).fill(EQUAL);
  const [idsA, idsB] = tokenIds(midA, midB);
  const runs = myersDiff(idsA!, idsB!, MAX_D) ?? [
    { op: 'delete' as const, count: midA.length },
    { op: 'insert' as const, count: midB.length },
  ];
  let dels = 0;
  let inss = 0;
  const flush = () => {
    for (; dels > 0; dels--) ops.push(DELETE);
    for (; inss > 0; inss--) ops.push(INSERT);
  };
  for (const run of runs) {
    if (run.op === 'delete') dels += run.count;
    else if (run.op === 'insert') inss += run.count;
    else {
      flush();
      for (let i = 0; i < run.count; i++) ops.push(EQUAL);
    }
  }
  flush();
  for (let i = 0; i < suffix; i++) ops.push(EQUAL);
  return ops;
}

/** Changes closer than 2·context equal lines share a hunk (their contexts would touch). */
function hunksOf(ops: readonly Op[], a: readonly string[], b: readonly string[], context: number): Hunk[] {
  const hunks: Hunk[] = [];
  const n = ops.length;
  let k = 0;
  let oldAt = 0; // old and new lines before ops[k]
  let newAt = 0;
  let lastEnd = 0; // where the previous hunk stopped
  while (k < n) {
    if (ops[k] === EQUAL) {
      k++;
      oldAt++;
      newAt++;
      continue;
    }
    // The equal lines just before are all unused: a previous hunk ended at least `context` earlier.
    const lead = Math.min(context, k - lastEnd);
    let end = k;
    for (;;) {
      while (end < n && ops[end] !== EQUAL) end++;
      let run = 0;
      while (end + run < n && ops[end + run] === EQUAL) run++;
      if (end + run >= n || run > 2 * context) break;
      end += run;
    }
    const stop = Math.min(n, end + context);
    const hunk: Hunk = { oldStart: 0, oldLines: 0, newStart: 0, newLines: 0, lines: [] };
    let i = oldAt - lead;
    let j = newAt - lead;
    const firstOld = i;
    const firstNew = j;
    for (let at = k - lead; at < stop; at++) {
      const op = ops[at];
      if (op === EQUAL) {
        hunk.lines.push({ op: 'context', text: a[i++]! });
        j++;
      } else if (op === DELETE) hunk.lines.push({ op: 'del', text: a[i++]! });
      else hunk.lines.push({ op: 'add', text: b[j++]! });
    }
    hunk.oldLines = i - firstOld;
    hunk.newLines = j - firstNew;
    hunk.oldStart = hunk.oldLines > 0 ? firstOld + 1 : firstOld;
    hunk.newStart = hunk.newLines > 0 ? firstNew + 1 : firstNew;
    hunks.push(hunk);
    lastEnd = stop;
    oldAt = i;
    newAt = j;
    k = stop;
  }
  return hunks;
}
