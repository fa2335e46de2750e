/**
 * A structural check of a Yjs update (encoding v1, what y-websocket sends) that walks
 * the bytes without building anything. Pure.
 *
 * Why: the hub relays a client's update to the other editors as the bytes it
 * received and integrates it into its own Y.Doc later, in batches (room.ts). So the
 * bytes must be known readable before they are relayed or logged: what passes here
 * is what Yjs' own reader (`readClientsStructRefs`, `readItemContent`, lib0's
 * `readAny`, its fatal UTF-8 decoder) reads without throwing. The update property
 * test (update-check.test.ts) holds this against yjs on mutated updates.
 *
 * Readable is not enough: Yjs trusts an item's references to its own client's earlier
 * items (origin, right origin, parent) and throws mid-integration when one points at
 * or past the item itself. Yjs only ever writes references backwards, so one that
 * does not is refused here ('bad-reference').
 *
 * Stricter than Yjs in two more ways, both things a Tandem file never holds:
 * - subdocuments (ContentDoc): their options become a Y.Doc's constructor options;
 * - `any` values nested deeper than MAX_ANY_DEPTH (lib0 reads them recursively).
 */

import { isUtf8 } from 'node:buffer';

export type UpdateDefect =
  | 'truncated'
  | 'integer-out-of-range'
  | 'bad-utf8'
  | 'bad-json'
  | 'unknown-content'
  | 'unknown-type'
  | 'unknown-any'
  | 'subdocument'
  | 'too-deep'
  | 'bad-reference'
  | 'empty-range';

export const MAX_ANY_DEPTH = 256;

class Defect extends Error {
  constructor(readonly defect: UpdateDefect) {
    super(defect);
  }
}

/** null when Yjs can read `update`, else what is wrong with it. */
export function checkUpdate(update: Uint8Array): UpdateDefect | null {
  const reader = new Reader(update);
  try {
    readStructs(reader);
    readDeleteSet(reader);
    return null;
  } catch (error) {
    if (error instanceof Defect) return error.defect;
    throw error;
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const BITS5 = 31;
const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.bytes.length) throw new Defect('truncated');
    return this.bytes[this.pos++]!;
  }

  /** lib0 readVarUint: little-endian base 128, at most 2^53. */
  varUint(): number {
    return this.varTail(0, 1);
  }

  /** lib0 readVarInt: sign in bit 7 of the first byte, 6 value bits there, then as varUint. */
  varInt(): void {
    const first = this.byte();
    if ((first & BIT8) !== 0) this.varTail(first & 63, 64);
  }

  /** The base-128 continuation both share: `num` so far, `mult` the next byte's weight. */
  private varTail(num: number, mult: number): number {
    const bytes = this.bytes;
    while (this.pos < bytes.length) {
      const r = bytes[this.pos++]!;
      num += (r & 127) * mult;
      mult *= 128;
      if (r < BIT8) return num;
      if (num > MAX_SAFE) throw new Defect('integer-out-of-range');
    }
    throw new Defect('truncated');
  }

  skip(length: number): void {
    if (length > this.bytes.length - this.pos) throw new Defect('truncated');
    this.pos += length;
  }

  /** A var-length byte string; returns its bounds. */
  bytesField(): [start: number, end: number] {
    const length = this.varUint();
    const start = this.pos;
    this.skip(length);
    return [start, this.pos];
  }

  /** lib0's decoder is fatal on malformed UTF-8. Returns the string's length in UTF-16 code units (Yjs' item length). */
  string(): number {
    const [start, end] = this.bytesField();
    const bytes = this.bytes;
    let units = 0;
    let ascii = true;
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b < 128) units++;
      else {
        ascii = false;
        // A lead byte starts a code point; four-byte sequences are surrogate pairs in UTF-16.
        if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
      }
    }
    if (!ascii && !isUtf8(bytes.subarray(start, end))) throw new Defect('bad-utf8');
    return units;
  }

  text(): string {
    const [start, end] = this.bytesField();
    try {
      return UTF8.decode(this.bytes.subarray(start, end));
    } catch {
      throw new Defect('bad-utf8');
    }
  }

  json(): void {
    const text = this.text();
    try {
      JSON.parse(text);
    } catch {
      throw new Defect('bad-json');
    }
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function readStructs(r: Reader): void {
  const clients = r.varUint();
  for (let c = 0; c < clients; c++) {
    const structs = r.varUint();
    const client = r.varUint();
    let clock = r.varUint();
    for (let s = 0; s < structs; s++) {
      const info = r.byte();
      const kind = info & BITS5;
      if (kind === 0 || kind === 10) {
        clock += r.varUint(); // GC or Skip: length
        continue;
      }
      if (info & BIT8) reference(r, client, clock); // origin
      if (info & BIT7) reference(r, client, clock); // right origin
      if ((info & (BIT7 | BIT8)) === 0) {
        if (r.varUint() === 1) r.string(); // parent: a root type's name
        else reference(r, client, clock); // parent: the item of a nested type
        if (info & BIT6) r.string(); // parentSub (map key)
      }
      clock += readContent(r, kind);
    }
  }
}

/** An ID an item refers to; one of the item's own client must lie before the item. */
function reference(r: Reader, itemClient: number, itemClock: number): void {
  const client = r.varUint();
  const clock = r.varUint();
  if (client === itemClient && clock >= itemClock) throw new Defect('bad-reference');
}

/** Reads an item's content; returns the item's length (the clock ticks it takes). */
function readContent(r: Reader, kind: number): number {
  switch (kind) {
    case 1: // deleted
      return r.varUint();
    case 2: {
      // JSON (legacy): strings, each JSON or the word undefined
      const count = r.varUint();
      for (let i = 0; i < count; i++) {
        const text = r.text();
        if (text === 'undefined') continue;
        try {
          JSON.parse(text);
        } catch {
          throw new Defect('bad-json');
        }
      }
      return count;
    }
    case 3: // binary
      r.bytesField();
      return 1;
    case 4: // string
      return r.string();
    case 5: // embed
      r.json();
      return 1;
    case 6: // format: key, JSON value
      r.string();
      r.json();
      return 1;
    case 7: {
      // a nested type
      const typeRef = r.varUint();
      if (typeRef > 6) throw new Defect('unknown-type');
      if (typeRef === 3 || typeRef === 5) r.string(); // XmlElement / XmlHook name
      return 1;
    }
    case 8: {
      // any[]
      const count = r.varUint();
      for (let i = 0; i < count; i++) readAny(r, 0);
      return count;
    }
    case 9:
      throw new Defect('subdocument');
    default:
      throw new Defect('unknown-content');
  }
}

/** lib0 readAny, iterative over siblings, recursive over depth (bounded). */
function readAny(r: Reader, depth: number): void {
  if (depth > MAX_ANY_DEPTH) throw new Defect('too-deep');
  const type = r.byte();
  switch (type) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return;
    case 125:
      return r.varInt();
    case 124:
      return r.skip(4);
    case 123:
    case 122:
      return r.skip(8);
    case 119:
      r.string();
      return;
    case 118: {
      const entries = r.varUint();
      for (let i = 0; i < entries; i++) {
        r.string();
        readAny(r, depth + 1);
      }
      return;
    }
    case 117: {
      const items = r.varUint();
      for (let i = 0; i < items; i++) readAny(r, depth + 1);
      return;
    }
    case 116:
      r.bytesField();
      return;
    default:
      throw new Defect('unknown-any');
  }
}

function readDeleteSet(r: Reader): void {
  const clients = r.varUint();
  for (let c = 0; c < clients; c++) {
    r.varUint(); // client
    const ranges = r.varUint();
    for (let i = 0; i < ranges; i++) {
      r.varUint(); // clock
      // Yjs never writes an empty range and throws re-encoding one it cannot apply yet.
      if (r.varUint() === 0) throw new Defect('empty-range');
    }
  }
}
