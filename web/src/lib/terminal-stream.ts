/**
 * One terminal's output stream as this client has seen it. Pure.
 *
 * `term.output.seq` is the offset of `data` in the terminal's whole output, so after a
 * reconnect the client attaches `since` the offset it has, and any overlap between
 * the replay and what it already wrote is cut off here: every character is written
 * once. `term.skipped` means the server moved this client past output it no longer
 * keeps.
 */
export class TerminalStream {
  /** Offset of the next character this client has not written yet. */
  next = 0;

  /** The part of `data` (starting at `seq`) that is new, or '' when it was all seen. */
  accept(seq: number, data: string): string {
    const end = seq + data.length;
    if (end <= this.next) return '';
    const fresh = seq >= this.next ? data : data.slice(this.next - seq);
    this.next = end;
    return fresh;
  }

  /** Returns how many characters were lost (0 when the skip is behind us). */
  skip(to: number): number {
    const lost = Math.max(0, to - this.next);
    this.next = Math.max(this.next, to);
    return lost;
  }
}
