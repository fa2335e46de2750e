/**
 * Finding a thread's code again once its anchored characters are gone (cut and paste,
 * a rebuilt document, an import): the "re-attach" action, and nothing automatic; the
 * caller writes new anchors and an audited event for what this finds.
 *
 * In order: (1) the exact quote, where its context matches best, then nearest to the
 * line it was on; (2) a fuzzy match: the window of as many lines as the quote with the
 * most character trigrams in common (Dice coefficient at least FUZZY_THRESHOLD), nearest
 * to the old line on ties. Linear in the text: one pass per step.
 */
import type { Anchor } from './anchor';
import { LineIndex } from './line-index';

/** The least similarity a fuzzy match must have: below it, "not found" beats a wrong guess. */
export const FUZZY_THRESHOLD = 0.6;
/** Exact matches looked at: a quote found more often than this is told apart by the first ones only. */
const MAX_EXACT_MATCHES = 1_000;

export interface QuoteMatch {
  from: number;
  to: number;
  how: 'exact' | 'fuzzy';
  /** 1 for exact; the trigram similarity of a fuzzy match. */
  similarity: number;
}

export type QuoteFacts = Pick<Anchor, 'quote' | 'prefix' | 'suffix' | 'startLine'>;

export function findQuote(content: string, facts: QuoteFacts, lines = new LineIndex(content)): QuoteMatch | null {
  if (facts.quote.length === 0) return null;
  return findExact(content, facts, lines) ?? findFuzzy(content, facts, lines);
}

function findExact(content: string, facts: QuoteFacts, lines: LineIndex): QuoteMatch | null {
  let best: { at: number; context: number; distance: number } | null = null;
  let seen = 0;
  for (let at = content.indexOf(facts.quote); at !== -1 && seen < MAX_EXACT_MATCHES; at = content.indexOf(facts.quote, at + 1), seen++) {
    const context = commonSuffix(content.slice(Math.max(0, at - facts.prefix.length), at), facts.prefix) + commonPrefix(content.slice(at + facts.quote.length, at + facts.quote.length + facts.suffix.length), facts.suffix);
    const distance = Math.abs(lines.position(at).line - facts.startLine);
    if (!best || context > best.context || (context === best.context && distance < best.distance)) best = { at, context, distance };
  }
  return best ? { from: best.at, to: best.at + facts.quote.length, how: 'exact', similarity: 1 } : null;
}

function findFuzzy(content: string, facts: QuoteFacts, lines: LineIndex): QuoteMatch | null {
  const quoteLines = splitLines(facts.quote);
  const want = trigramCounts(quoteLines);
  const wantTotal = total(want);
  if (wantTotal === 0) return null;
  const k = Math.min(quoteLines.length, lines.lineCount);
  const lineText = (line: number) => content.slice(lines.lineStart(line), lines.lineStart(line + 1)).replace(/\r?\n$/, '');

  // A sliding window of k lines: trigram counts and their overlap with the quote's, kept incrementally.
  const have = new Map<string, number>();
  let haveTotal = 0;
  let overlap = 0;
  const add = (line: number, sign: 1 | -1) => {
    for (const t of trigrams(lineText(line))) {
      const before = have.get(t) ?? 0;
      const after = before + sign;
      have.set(t, after);
      const wanted = want.get(t) ?? 0;
      overlap += Math.min(after, wanted) - Math.min(before, wanted);
      haveTotal += sign;
    }
  };
  let best: { line: number; similarity: number; distance: number } | null = null;
  for (let line = 1; line <= k; line++) add(line, 1);
  for (let first = 1; first + k - 1 <= lines.lineCount; first++) {
    if (first > 1) {
      add(first - 1, -1);
      add(first + k - 1, 1);
    }
    const similarity = (2 * overlap) / (wantTotal + haveTotal);
    const distance = Math.abs(first - facts.startLine);
    if (similarity >= FUZZY_THRESHOLD && (!best || similarity > best.similarity || (similarity === best.similarity && distance < best.distance))) {
      best = { line: first, similarity, distance };
    }
  }
  if (!best) return null;
  // The window's lines, as much of the last line's newline as the quote had.
  const from = lines.lineStart(best.line);
  const endsWithNewline = facts.quote.endsWith('\n');
  const lastStart = lines.lineStart(best.line + k - 1);
  const to = endsWithNewline ? lines.lineStart(best.line + k) : lastStart + lineText(best.line + k - 1).length;
  // Leading indentation is not code: start where the first line's text does, as a selection would.
  const indent = /^[ \t]*/.exec(lineText(best.line))![0].length;
  const start = Math.min(from + indent, to - 1);
  return to > start ? { from: start, to, how: 'fuzzy', similarity: best.similarity } : null;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** A line's character trigrams, whitespace runs folded (re-indented code still matches). */
function trigrams(line: string): string[] {
  const s = ` ${line.trim().replace(/\s+/g, ' ')} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= s.length; i++) out.push(s.slice(i, i + 3));
  return out;
}

function trigramCounts(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) for (const t of trigrams(line)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

function total(counts: Map<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}
