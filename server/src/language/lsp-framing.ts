/**
 * The language server protocol's base framing (pure): `Content-Length: n\r\n\r\n`
 * then n bytes of UTF-8 JSON. The reader takes stdout chunks as they come (a header
 * or body may be split anywhere) and yields whole messages; the language server is a
 * program in the user's environment, so what it writes is hostile input: a message
 * over `maxMessageBytes`, a header without a length, or JSON that does not parse is
 * a `FramingError` (the supervisor restarts the server), never a crash.
 */

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const MAX_HEADER_BYTES = 8 * 1024;
const SEPARATOR = Buffer.from('\r\n\r\n');

export class FramingError extends Error {
  override readonly name = 'FramingError';
}

export function encodeMessage(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.byteLength}\r\n\r\n`, 'ascii'), body]);
}

export class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The body length of the message being read, once its header was. */
  private bodyLength: number | null = null;

  constructor(private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES) {}

  /** Adds a chunk; returns the messages it completed, in order. Throws FramingError on a broken stream. */
  push(chunk: Buffer): unknown[] {
    this.chunks.push(chunk);
    this.buffered += chunk.byteLength;
    const messages: unknown[] = [];
    for (;;) {
      if (this.bodyLength === null) {
        const all = this.joined();
        const end = all.indexOf(SEPARATOR);
        if (end < 0) {
          if (all.byteLength > MAX_HEADER_BYTES) throw new FramingError('header too long');
          return messages;
        }
        this.bodyLength = parseHeader(all.subarray(0, end).toString('ascii'), this.maxMessageBytes);
        this.take(end + SEPARATOR.byteLength);
      }
      if (this.buffered < this.bodyLength) return messages;
      const body = this.take(this.bodyLength);
      this.bodyLength = null;
      try {
        messages.push(JSON.parse(body.toString('utf8')));
      } catch {
        throw new FramingError('a message that is not JSON');
      }
    }
  }

  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private take(bytes: number): Buffer {
    const all = this.joined();
    const taken = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.chunks = rest.byteLength > 0 ? [rest] : [];
    this.buffered = rest.byteLength;
    return taken;
  }
}

function parseHeader(header: string, maxMessageBytes: number): number {
  let length: number | null = null;
  for (const line of header.split('\r\n')) {
    const match = /^content-length:\s*(\d+)\s*$/i.exec(line);
    if (match) length = Number(match[1]);
  }
  if (length === null) throw new FramingError('a header without Content-Length');
  if (length > maxMessageBytes) throw new FramingError(`a message of ${length} bytes (limit ${maxMessageBytes})`);
  return length;
}
