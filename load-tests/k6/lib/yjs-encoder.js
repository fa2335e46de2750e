// A small Yjs codec in plain JavaScript, for k6 (which cannot load `yjs`) and for
// the Node load generator's receive path (it is cheaper than a Y.Doc per client).
// Unit-tested against the real `yjs` package: see src/k6-codec/yjs-encoder.test.ts.
//
// Bytes in, bytes out; no I/O. Everything works on Uint8Array so k6 can pass
// `new Uint8Array(arrayBuffer)` straight in.
//
// What it covers (y-protocols sync, lib0 encoding, Yjs update format v1):
//   message   = varuint messageType (0 sync, 1 awareness, 2 auth, 100 ack) , body
//   sync body = varuint step (0 step1: state vector, 1 step2: update, 2 update) , varUint8Array
//   update    = varuint #clients , { varuint #structs , varuint client , varuint clock , struct* } ,
//               delete set = varuint #clients , { varuint client , varuint #ranges , (clock , len)* }
//   Item      = info byte (low 5 bits: content ref; 0x80 origin, 0x40 right origin,
//               0x20 parentSub) , [origin id] , [right origin id] ,
//               [parent info when neither origin is set] , content
//
// Encoding: one client appends to the text it wrote itself, like typing at the end
// of one's own line. The item's left origin is the client's previous character, so
// the update depends on nothing but the client's own earlier updates and every peer
// can integrate it at once. The first insert has no origin and names the root type
// 'content' as its parent, which places it at the start of the text.

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_ACK = 100;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

// ---- lib0-compatible writer ----------------------------------------------------

function Writer() {
  this.bytes = [];
}
Writer.prototype.varUint = function (n) {
  // Arithmetic, not bit operations: client ids are uint32 and `|`/`>>>` break above 2^31.
  while (n > 127) {
    this.bytes.push(128 + (n % 128));
    n = Math.floor(n / 128);
  }
  this.bytes.push(n);
};
Writer.prototype.raw = function (arr) {
  for (let i = 0; i < arr.length; i++) this.bytes.push(arr[i]);
};
Writer.prototype.varBytes = function (arr) {
  this.varUint(arr.length);
  this.raw(arr);
};
Writer.prototype.varString = function (s) {
  this.varBytes(utf8Encode(s));
};
Writer.prototype.done = function () {
  return new Uint8Array(this.bytes);
};

// k6 has no built-in UTF-8 codec, so UTF-8 is done by hand.
export function utf8Encode(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

export function utf8Decode(bytes, start, end) {
  let s = '';
  let i = start;
  while (i < end) {
    const b = bytes[i++];
    let c;
    if (b < 0x80) c = b;
    else if (b < 0xe0) c = ((b & 31) << 6) | (bytes[i++] & 63);
    else if (b < 0xf0) c = ((b & 15) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    else c = ((b & 7) << 18) | ((bytes[i++] & 63) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    if (c >= 0x10000) {
      c -= 0x10000;
      s += String.fromCharCode(0xd800 + (c >> 10), 0xdc00 + (c & 1023));
    } else {
      s += String.fromCharCode(c);
    }
  }
  return s;
}

// ---- lib0-compatible reader ----------------------------------------------------

export function Reader(bytes, pos) {
  this.bytes = bytes;
  this.pos = pos || 0;
}
Reader.prototype.varUint = function () {
  let n = 0;
  let mult = 1;
  for (;;) {
    if (this.pos >= this.bytes.length) throw new Error('yjs codec: unexpected end of data');
    const b = this.bytes[this.pos++];
    n += (b & 127) * mult;
    if (b < 128) return n;
    mult *= 128;
    if (mult > 2 ** 56) throw new Error('yjs codec: varuint too long');
  }
};
Reader.prototype.varInt = function () {
  // lib0 varint: first byte holds 6 bits + sign bit (0x40) + continuation (0x80).
  let b = this.bytes[this.pos++];
  let n = b & 63;
  const negative = (b & 64) > 0;
  let mult = 64;
  while (b >= 128) {
    b = this.bytes[this.pos++];
    n += (b & 127) * mult;
    mult *= 128;
  }
  return negative ? -n : n;
};
Reader.prototype.varBytes = function () {
  const len = this.varUint();
  const start = this.pos;
  this.pos += len;
  if (this.pos > this.bytes.length) throw new Error('yjs codec: unexpected end of data');
  return this.bytes.subarray(start, this.pos);
};
Reader.prototype.varString = function () {
  const len = this.varUint();
  const start = this.pos;
  this.pos += len;
  if (this.pos > this.bytes.length) throw new Error('yjs codec: unexpected end of data');
  return utf8Decode(this.bytes, start, this.pos);
};
Reader.prototype.hasContent = function () {
  return this.pos < this.bytes.length;
};
// lib0 `readAny`, only to skip ContentAny / ContentDoc options correctly.
Reader.prototype.any = function () {
  const type = this.bytes[this.pos++];
  switch (type) {
    case 127: return undefined;
    case 126: return null;
    case 125: return this.varInt();
    case 124: this.pos += 4; return 0;
    case 123: this.pos += 8; return 0;
    case 122: this.pos += 8; return 0;
    case 121: return false;
    case 120: return true;
    case 119: return this.varString();
    case 118: {
      const len = this.varUint();
      const obj = {};
      for (let i = 0; i < len; i++) obj[this.varString()] = this.any();
      return obj;
    }
    case 117: {
      const len = this.varUint();
      const arr = [];
      for (let i = 0; i < len; i++) arr.push(this.any());
      return arr;
    }
    case 116: return this.varBytes();
    default: throw new Error('yjs codec: unknown any type ' + type);
  }
};

// ---- messages a client sends -------------------------------------------------

/** A state vector ({client: clock}) as Yjs encodes it (`Y.encodeStateVector`). */
export function encodeStateVector(stateVector) {
  const sv = new Writer();
  const clients = Object.keys(stateVector || {});
  sv.varUint(clients.length);
  for (const c of clients) {
    sv.varUint(Number(c));
    sv.varUint(stateVector[c]);
  }
  return sv.done();
}

/** Sync step 1 with the given state vector ({client: clock}); empty by default. */
export function encodeSyncStep1(stateVector) {
  const w = new Writer();
  w.varUint(MESSAGE_SYNC);
  w.varUint(SYNC_STEP1);
  w.varBytes(encodeStateVector(stateVector));
  return w.done();
}

/**
 * `Y.encodeRelativePosition` of a place next to the character with id (client, clock):
 * assoc 0 is just before it, assoc -1 just after it (how Yjs names the end of a text).
 */
export function encodeRelativePosition(client, clock, assoc) {
  const w = new Writer();
  w.varUint(0); // relative to an item
  w.varUint(client);
  w.varUint(clock);
  // lib0 varint: 6 bits, the sign (0x40) and the continuation bit (0x80) in the first byte.
  const a = assoc || 0;
  const magnitude = Math.abs(a);
  if (magnitude > 63) throw new Error('yjs codec: assoc out of range');
  w.bytes.push((a < 0 ? 64 : 0) + magnitude);
  return w.done();
}

/** Sync step 2 carrying an update; the empty update (no structs, no deletes) by default. */
export function encodeSyncStep2(update) {
  const w = new Writer();
  w.varUint(MESSAGE_SYNC);
  w.varUint(SYNC_STEP2);
  w.varBytes(update || [0, 0]);
  return w.done();
}

/** A Yjs update (format v1) that appends `text` to what `client` wrote before `clock`. */
export function encodeTextInsertUpdate(client, clock, text) {
  const w = new Writer();
  w.varUint(1); // one client
  w.varUint(1); // one struct
  w.varUint(client);
  w.varUint(clock);
  if (clock > 0) {
    w.bytes.push(0x80 | 4); // info is a raw byte: ContentString with a left origin
    w.varUint(client);
    w.varUint(clock - 1);
  } else {
    w.bytes.push(4); // info: ContentString, parent named by key
    w.varUint(1); // parent is a root type ...
    w.varString('content'); // ... named 'content'
  }
  w.varString(text);
  w.varUint(0); // empty delete set
  return w.done();
}

/** A y-protocols sync "update" message (type 0, step 2 = update) around `update`. */
export function encodeUpdateMessage(update) {
  const w = new Writer();
  w.varUint(MESSAGE_SYNC);
  w.varUint(SYNC_UPDATE);
  w.varBytes(update);
  return w.done();
}

/**
 * One writer: a stable client id and its clock. `insert(text)` returns the message to
 * send. Clocks count UTF-16 code units, as Yjs does for strings.
 */
export function TextWriter(client, clock) {
  this.client = client;
  this.clock = clock || 0;
}
TextWriter.prototype.insert = function (text) {
  const msg = encodeUpdateMessage(encodeTextInsertUpdate(this.client, this.clock, text));
  this.clock += text.length;
  return msg;
};
/** After a (re)connect: continue from what the server already holds of this client. */
TextWriter.prototype.catchUp = function (serverStateVector) {
  const known = serverStateVector[this.client];
  if (known !== undefined && known > this.clock) this.clock = known;
};

// ---- decoding what a server sends ----------------------------------------------

/**
 * Decodes one message. Returns {type, step?, payload?}: for sync messages `step` is
 * SYNC_STEP1/2/UPDATE and `payload` the state vector or update bytes; for ack
 * messages `count`; otherwise the rest of the message as `payload`.
 */
export function decodeMessage(bytes) {
  const r = new Reader(bytes);
  const type = r.varUint();
  if (type === MESSAGE_SYNC) {
    const step = r.varUint();
    return { type, step, payload: r.varBytes() };
  }
  if (type === MESSAGE_ACK) return { type, count: r.varUint() };
  if (type === MESSAGE_AUTH) {
    const kind = r.varUint();
    return { type, denied: kind === 0, reason: r.hasContent() ? r.varString() : '' };
  }
  return { type, payload: bytes.subarray(r.pos) };
}

/** A state vector ({client: clock}) from sync step 1's payload. */
export function decodeStateVector(bytes) {
  const r = new Reader(bytes);
  const n = r.varUint();
  const sv = {};
  for (let i = 0; i < n; i++) {
    const client = r.varUint();
    sv[client] = r.varUint();
  }
  return sv;
}

/**
 * The strings an update inserts, in the order they appear: [{client, clock, text}].
 * Also returns the clock each client reaches (`ends`), so a reconnecting writer
 * can find its own clock in a step-2 snapshot.
 */
export function decodeUpdateStrings(bytes) {
  const r = new Reader(bytes);
  const strings = [];
  const ends = {};
  const numClients = r.varUint();
  for (let c = 0; c < numClients; c++) {
    const numStructs = r.varUint();
    const client = r.varUint();
    let clock = r.varUint();
    for (let s = 0; s < numStructs; s++) {
      const info = r.bytes[r.pos++];
      const ref = info & 31;
      if (ref === 0 || ref === 10) {
        clock += r.varUint(); // GC or Skip: a length only
        continue;
      }
      if (info & 0x80) { r.varUint(); r.varUint(); }
      if (info & 0x40) { r.varUint(); r.varUint(); }
      if ((info & 0xc0) === 0) {
        if (r.varUint() === 1) r.varString(); // parent type key
        else { r.varUint(); r.varUint(); } // parent item id
        if (info & 0x20) r.varString(); // parentSub
      }
      clock += readContent(r, ref, client, clock, strings);
    }
    ends[client] = clock;
  }
  // The delete set follows; nothing in it inserts text, so it is not read.
  return { strings, ends };
}

// Reads one item's content, returns its length in clock units.
function readContent(r, ref, client, clock, strings) {
  switch (ref) {
    case 1: return r.varUint(); // ContentDeleted
    case 2: { // ContentJSON
      const len = r.varUint();
      for (let i = 0; i < len; i++) r.varString();
      return len;
    }
    case 3: r.varBytes(); return 1; // ContentBinary
    case 4: { // ContentString
      const text = r.varString();
      strings.push({ client, clock, text });
      return text.length;
    }
    case 5: r.varString(); return 1; // ContentEmbed
    case 6: r.varString(); r.varString(); return 1; // ContentFormat
    case 7: { // ContentType
      const typeRef = r.varUint();
      if (typeRef === 3 || typeRef === 5) r.varString(); // XmlElement name / XmlHook key
      return 1;
    }
    case 8: { // ContentAny
      const len = r.varUint();
      for (let i = 0; i < len; i++) r.any();
      return len;
    }
    case 9: r.varString(); r.any(); return 1; // ContentDoc
    default: throw new Error('yjs codec: unknown content ref ' + ref);
  }
}

// ---- latency markers carried in the inserted text ----------------------------------

/** `[tag time]`: who sent it and when (ms since the epoch, sub-ms precision kept). */
export function makeMarker(tag, timeMs) {
  return '[' + tag + ' ' + timeMs.toFixed(3) + ']';
}

const MARKER = /\[([0-9A-Za-z_-]+) (\d+(?:\.\d+)?)\]/g;

/** Every marker in `text`: [{tag, time}]. */
export function parseMarkers(text) {
  const out = [];
  MARKER.lastIndex = 0;
  let m;
  while ((m = MARKER.exec(text)) !== null) out.push({ tag: m[1], time: Number(m[2]) });
  return out;
}
