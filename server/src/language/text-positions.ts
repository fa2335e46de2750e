/**
 * Offsets in a text (UTF-16 code units, as Yjs and JavaScript count) and the language
 * server protocol's positions (zero-based line, UTF-16 character), both ways (pure).
 * A position past the end of its line or of the text is clamped, as the LSP asks.
 */
import { LineIndex as Lines } from '@tandem/anchors';

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** The anchors package's line index (1-based, as editors show lines) in the LSP's 0-based terms. */
export class LineIndex {
  private readonly lines: Lines;

  constructor(readonly text: string) {
    this.lines = new Lines(text);
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }

  positionAt(offset: number): LspPosition {
    const { line, column } = this.lines.position(offset);
    return { line: line - 1, character: column - 1 };
  }

  offsetAt(position: LspPosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lines.lineCount) return this.text.length;
    const start = this.lines.lineStart(position.line + 1);
    const lineEnd = position.line + 1 < this.lines.lineCount ? this.lines.lineStart(position.line + 2) - 1 : this.text.length;
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
