/**
 * Turns "replace the file's text with this" (PUT by path, the executor pulling a
 * file back) into the smallest set of Y.Text deletes and inserts, so that people
 * editing the file live keep their cursors, their undo history and the typing they
 * do meanwhile: a concurrent edit outside the changed spans survives the merge.
 *
 * 1. Common prefix and suffix (never splitting a surrogate pair).
 * 2. Myers over the lines of the middle, so unchanged lines stay untouched.
 * 3. Within each changed block of lines, Myers again over code points (or, for two
 *    blocks of one length that differ in a few places, a pass position by position),
 *    so changing one word in a line deletes and inserts just that word.
 * Each Myers pass has a budget; past it the block is replaced whole (still correct).
 *
 * Indices are UTF-16 code units, as Y.Text counts them.
 */
import type * as Y from 'yjs';
import { myersDiff, tokenIds, type Run } from './myers-diff';

export interface TextEdit {
  /** Where to apply, in the text as it is after the edits before this one. */
  index: number;
  delete: number;
  insert: string;
}

const MAX_LINE_D = 2_000;
const MAX_CHAR_D = 1_000;

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

export function diffText(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  let prefix = 0;
  const shortest = Math.min(before.length, after.length);
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix))) suffix--;
  const a = before.slice(prefix, before.length - suffix);
  const b = after.slice(prefix, after.length - suffix);
  const out = new EditBuilder(prefix);
  if (a.length === 0 || b.length === 0) out.replace(a, b);
  else diffLines(a, b, out);
  return out.edits;
}

function diffLines(a: string, b: string, out: EditBuilder): void {
  const linesA = splitLines(a);
  const linesB = splitLines(b);
  const [idsA, idsB] = tokenIds(linesA, linesB);
  const runs = myersDiff(idsA!, idsB!, MAX_LINE_D);
  if (!runs) return out.replace(a, b);
  let i = 0;
  let j = 0;
  let deleted = '';
  let inserted = '';
  const flushBlock = () => {
    if (deleted || inserted) diffChars(deleted, inserted, out);
    deleted = inserted = '';
  };
  for (const run of runs) {
    if (run.op === 'equal') {
      flushBlock();
      out.keep(linesA.slice(i, i + run.count).join(''));
      i += run.count;
      j += run.count;
    } else if (run.op === 'delete') {
      deleted += linesA.slice(i, i + run.count).join('');
      i += run.count;
    } else {
      inserted += linesB.slice(j, j + run.count).join('');
      j += run.count;
    }
  }
  flushBlock();
}

function diffChars(a: string, b: string, out: EditBuilder): void {
  if (!a || !b) return out.replace(a, b);
  const charsA = codePoints(a);
  const charsB = codePoints(b);
  const runs = substitutions(charsA.points, charsB.points) ?? myersDiff(charsA.points, charsB.points, MAX_CHAR_D);
  if (!runs) return out.replace(a, b);
  applyRuns(runs, charsA, charsB, out);
}

/**
 * Texts of one length that differ in a few places (a number counted up, a name
 * changed for one as long): position by position, in one pass, the runs Myers would
 * find, whose work grows with the length times the changes. Null when more than an
 * eighth of the positions differ (an insertion shifts everything after it: Myers).
 */
function substitutions(a: Int32Array, b: Int32Array): Run[] | null {
  if (a.length !== b.length) return null;
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  if (differing * 8 > a.length) return null;
  const runs: Run[] = [];
  for (let i = 0; i < a.length; ) {
    const same = a[i] === b[i];
    let j = i + 1;
    while (j < a.length && (a[j] === b[j]) === same) j++;
    if (same) runs.push({ op: 'equal', count: j - i });
    else runs.push({ op: 'delete', count: j - i }, { op: 'insert', count: j - i });
    i = j;
  }
  return runs;
}

/** A string's code points (so a surrogate pair is never split) and where each starts in UTF-16 units (one more at the end). */
interface CodePoints {
  text: string;
  points: Int32Array;
  starts: Int32Array;
}

function codePoints(text: string): CodePoints {
  const points = new Int32Array(text.length);
  const starts = new Int32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; n++) {
    const point = text.codePointAt(i)!;
    points[n] = point;
    starts[n] = i;
    i += point > 0xffff ? 2 : 1;
  }
  starts[n] = text.length;
  return { text, points: points.subarray(0, n), starts: starts.subarray(0, n + 1) };
}

function applyRuns(runs: Run[], a: CodePoints, b: CodePoints, out: EditBuilder): void {
  const slice = (c: CodePoints, from: number, count: number) => c.text.slice(c.starts[from], c.starts[from + count]);
  let i = 0;
  let j = 0;
  for (const run of runs) {
    if (run.op === 'equal') {
      out.keep(slice(a, i, run.count));
      i += run.count;
      j += run.count;
    } else if (run.op === 'delete') {
      out.replace(slice(a, i, run.count), '');
      i += run.count;
    } else {
      out.replace('', slice(b, j, run.count));
      j += run.count;
    }
  }
}

/** Lines with their terminators, so joining them gives the text back. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Accumulates edits in sequential coordinates, merging a delete and the insert that follows it. */
class EditBuilder {
  readonly edits: TextEdit[] = [];

  constructor(private position: number) {}

  keep(text: string): void {
    this.position += text.length;
  }

  replace(removed: string, inserted: string): void {
    if (!removed && !inserted) return;
    const last = this.edits[this.edits.length - 1];
    if (last && last.index + last.insert.length === this.position) {
      last.delete += removed.length;
      last.insert += inserted;
    } else {
      this.edits.push({ index: this.position, delete: removed.length, insert: inserted });
    }
    this.position += inserted.length;
  }
}

/** Plain-string application (what Y.Text ends up with); for tests and for checking. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of edits) out = out.slice(0, e.index) + e.insert + out.slice(e.index + e.delete);
  return out;
}

/** Applies the edits to a Y.Text; call inside one transaction so they form one update. */
export function applyTextEditsToYText(ytext: Y.Text, edits: readonly TextEdit[]): void {
  for (const e of edits) {
    if (e.delete > 0) ytext.delete(e.index, e.delete);
    if (e.insert) ytext.insert(e.index, e.insert);
  }
}
