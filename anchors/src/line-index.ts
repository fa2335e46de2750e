/**
 * Offsets and lines of a text, both ways. Lines and columns are 1-based (as Monaco and
 * every editor show them); offsets are UTF-16 code units (as Y.Text and Monaco count).
 * Built once per text, then each lookup is a binary search: resolving a thousand
 * anchors must not scan a large file a thousand times.
 */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The offset where `line` starts, clamped to the text (past the last line: its end). */
  lineStart(line: number): number {
    if (line < 1) return 0;
    if (line > this.starts.length) return this.text.length;
    return this.starts[line - 1]!;
  }

  /** The line and column of `offset` (clamped into the text). */
  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.starts[lo]! + 1 };
  }

  /**
   * The offsets of lines `startLine`..`endLine` (inclusive): from the start of the first
   * to the start of the line after the last, so the range holds the last line's newline
   * and is never empty unless the lines are (a line comment on the last, empty line).
   */
  lines(startLine: number, endLine: number): { from: number; to: number } {
    return { from: this.lineStart(startLine), to: this.lineStart(endLine + 1) };
  }

  /** The line a range ends on: the line of its last character (a range ending at a line start ends on the line before). */
  endLine(from: number, to: number): number {
    return this.position(to > from ? to - 1 : to).line;
  }
}
