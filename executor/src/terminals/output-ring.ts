/**
 * The scrollback of one terminal (pure logic): the output stream as chunks, each
 * addressed by `seq`, its offset in UTF-16 code units from the start of the stream
 * (the unit `term.output.seq` uses on the wire).
 *
 * At least `capacity` code units are kept: whole chunks are dropped from the front
 * only while the rest still holds `capacity`, so a reader whose offset is still
 * inside the ring gets exactly the rest of the stream, nothing lost or repeated.
 * The ring is shared by every subscriber of a terminal; a subscriber is just an
 * offset into it, which is what bounds memory however slow a client is.
 */

export interface RingSlice {
  /** Offset of `data`'s first code unit. */
  seq: number;
  data: string;
}

export class OutputRing {
  private readonly chunks: string[] = [];
  /** Offset of chunks[0]. */
  private startSeq = 0;
  private kept = 0;

  /** `startAt`: the offset of the first output this ring gets (a terminal re-attached after a restart). */
  constructor(readonly capacity: number, startAt = 0) {
    this.startSeq = startAt;
  }

  /** Offset of the oldest code unit still kept. */
  get start(): number {
    return this.startSeq;
  }

  /** Offset one past the newest code unit (total length of the stream so far). */
  get end(): number {
    return this.startSeq + this.kept;
  }

  append(data: string): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.kept += data.length;
    while (this.chunks.length > 1 && this.kept - this.chunks[0]!.length >= this.capacity) {
      const dropped = this.chunks.shift()!;
      this.kept -= dropped.length;
      this.startSeq += dropped.length;
    }
  }

  /**
   * Up to `maxUnits` code units from `from` (clamped to the kept range). Never ends
   * between the two halves of a surrogate pair unless the slice is one unit long.
   */
  read(from: number, maxUnits: number): RingSlice {
    const seq = Math.max(from, this.startSeq);
    if (seq >= this.end || maxUnits <= 0) return { seq, data: '' };
    let offset = this.startSeq;
    let index = 0;
    while (offset + this.chunks[index]!.length <= seq) {
      offset += this.chunks[index]!.length;
      index++;
    }
    const parts: string[] = [];
    let budget = maxUnits;
    let skip = seq - offset;
    for (; index < this.chunks.length && budget > 0; index++) {
      const piece = this.chunks[index]!.slice(skip, skip + budget);
      skip = 0;
      parts.push(piece);
      budget -= piece.length;
    }
    let data = parts.join('');
    if (data.length > 1 && isHighSurrogate(data.charCodeAt(data.length - 1))) data = data.slice(0, -1);
    return { seq, data };
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
