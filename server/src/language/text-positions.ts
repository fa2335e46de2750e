/**
 * Offsets in a text (UTF-16 code units, as Yjs and JavaScript count) and the language
 * server protocol's positions (zero-based line, UTF-16 character), both ways (pure).
 * A position past the end of its line or of the text is clamped, as the LSP asks.
 */

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export class LineIndex {
  /** Offset of each line's first character. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): LspPosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low]! };
  }

  offsetAt(position: LspPosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line]!;
    const lineEnd = position.line + 1 < this.starts.length ? this.starts[position.line + 1]! - 1 : this.text.length;
    return start + Math.max(0, Math.min(position.character, lineEnd - start));
  }
}

/** Whether a value has the shape of an LSP position (what a language server sends is checked before use). */
export function isLspPosition(value: unknown): value is LspPosition {
  const p = value as LspPosition | null;
  return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0;
}

export function isLspRange(value: unknown): value is LspRange {
  const r = value as LspRange | null;
  return typeof r === 'object' && r !== null && isLspPosition(r.start) && isLspPosition(r.end);
}
