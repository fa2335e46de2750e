/**
 * The session holder's wire protocol (pure: bytes in, messages out). The holder
 * (`holder.py`, the other side, which must say the same) owns a terminal's shell and
 * its recent output; the server attaches to it over a unix socket, or over an exec
 * stream bridged to that socket (`holder.py attach`).
 *
 * Every frame is `u32 length (big-endian) | u8 type | payload`, `length` counting the
 * type byte and the payload. Control payloads are JSON objects; output is
 * `f64 seq (big-endian) | UTF-8 text`, `seq` being the offset of the text's first
 * UTF-16 code unit in the terminal's output stream (as `term.output.seq`).
 *
 * Handshake: the server sends ATTACH {since, epoch}; the holder answers ATTACHED
 * {start, end, cols, rows, pid, exitCode, epoch}, then SKIPPED {from, to} when `since`
 * is older than its ring, then OUTPUT from `since` (or from `start`), then live OUTPUT,
 * and EXIT {code} once the shell has exited (again to each later attacher: the code is
 * kept until a KILL releases the holder). INFO is answered INFO and the connection
 * closed; it does not attach.
 *
 * Fencing: the holder keeps the highest `epoch` presented; an ATTACH with an older one
 * is answered REFUSED and closed, and a newer attacher supersedes (closes) the one
 * before it, whose INPUT, RESIZE and KILL are then refused: a replica that lost the
 * workspace cannot type into its shell.
 */

export const FrameType = {
  attach: 1,
  input: 2,
  resize: 3,
  kill: 4,
  info: 5,
  attached: 16,
  output: 17,
  skipped: 18,
  exit: 19,
  refused: 20,
  infoReply: 21,
} as const;

/** Frames the holder sends are at most an output chunk and its header; anything larger is hostile. */
export const MAX_HOLDER_FRAME = 1024 * 1024;
/** What the holder accepts from an attacher (`MAX_CLIENT_FRAME` in holder.py). */
export const MAX_CLIENT_FRAME = 256 * 1024;

export interface HolderState {
  /** Oldest offset the holder's ring still holds. */
  start: number;
  /** Offset one past the newest output. */
  end: number;
  cols: number;
  rows: number;
  /** The shell's pid as the holder sees it (inside the sandbox's PID namespace). */
  pid: number;
  exitCode: number | null;
  /** The highest epoch any attacher presented. */
  epoch: number;
}

export type HolderMessage =
  | { type: 'attached'; state: HolderState }
  | { type: 'info'; state: HolderState }
  | { type: 'output'; seq: number; data: string }
  | { type: 'skipped'; from: number; to: number }
  | { type: 'exit'; code: number }
  | { type: 'refused'; reason: string };

function frame(type: number, payload: Uint8Array = new Uint8Array()): Buffer {
  const out = Buffer.allocUnsafe(5 + payload.length);
  out.writeUInt32BE(payload.length + 1, 0);
  out.writeUInt8(type, 4);
  out.set(payload, 5);
  return out;
}

const json = (type: number, value: object) => frame(type, Buffer.from(JSON.stringify(value)));

export const encodeAttach = (since: number | null, epoch: number) => json(FrameType.attach, { since, epoch });
export const encodeInput = (data: string) => frame(FrameType.input, Buffer.from(data, 'utf8'));
export const encodeResize = (cols: number, rows: number) => json(FrameType.resize, { cols, rows });
export const encodeKill = () => frame(FrameType.kill);
export const encodeInfo = () => frame(FrameType.info);

/** What the holder sent that is not the protocol: the connection is dropped, never trusted. */
export class HolderProtocolError extends Error {}

/**
 * Splits a byte stream into holder messages. Feed it chunks as they arrive; it throws
 * `HolderProtocolError` on anything malformed (the caller closes the connection).
 */
export class HolderDecoder {
  private buffered: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): HolderMessage[] {
    this.buffered.push(chunk);
    this.size += chunk.length;
    const messages: HolderMessage[] = [];
    if (this.size < 5) return messages;
    let data = Buffer.concat(this.buffered, this.size);
    let offset = 0;
    while (data.length - offset >= 5) {
      const length = data.readUInt32BE(offset);
      if (length < 1 || length > MAX_HOLDER_FRAME) throw new HolderProtocolError(`frame of ${length} bytes`);
      if (data.length - offset < 4 + length) break;
      messages.push(decodeFrame(data.readUInt8(offset + 4), data.subarray(offset + 5, offset + 4 + length)));
      offset += 4 + length;
    }
    data = data.subarray(offset);
    this.buffered = data.length > 0 ? [Buffer.from(data)] : [];
    this.size = data.length;
    return messages;
  }
}

function decodeFrame(type: number, payload: Buffer): HolderMessage {
  switch (type) {
    case FrameType.output: {
      if (payload.length < 8) throw new HolderProtocolError('short output frame');
      return { type: 'output', seq: offset(payload.readDoubleBE(0), 'seq'), data: payload.subarray(8).toString('utf8') };
    }
    case FrameType.attached:
    case FrameType.infoReply:
      return { type: type === FrameType.attached ? 'attached' : 'info', state: holderState(parse(payload)) };
    case FrameType.skipped: {
      const value = parse(payload);
      return { type: 'skipped', from: offset(value.from, 'from'), to: offset(value.to, 'to') };
    }
    case FrameType.exit: {
      const code = parse(payload).code;
      if (!Number.isSafeInteger(code)) throw new HolderProtocolError('exit without a code');
      return { type: 'exit', code: code as number };
    }
    case FrameType.refused:
      return { type: 'refused', reason: String(parse(payload).reason ?? 'refused').slice(0, 200) };
    default:
      throw new HolderProtocolError(`unknown frame type ${type}`);
  }
}

function parse(payload: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new HolderProtocolError('a control frame that is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HolderProtocolError('a control frame that is not an object');
  return value as Record<string, unknown>;
}

function offset(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new HolderProtocolError(`bad ${name}`);
  return value as number;
}

function holderState(v: Record<string, unknown>): HolderState {
  const start = offset(v.start, 'start');
  const end = offset(v.end, 'end');
  if (end < start) throw new HolderProtocolError('end before start');
  const exitCode = v.exitCode === null ? null : v.exitCode;
  if (exitCode !== null && !Number.isSafeInteger(exitCode)) throw new HolderProtocolError('bad exitCode');
  return {
    start,
    end,
    cols: offset(v.cols, 'cols'),
    rows: offset(v.rows, 'rows'),
    pid: offset(v.pid, 'pid'),
    exitCode: exitCode as number | null,
    epoch: Number.isSafeInteger(v.epoch) ? (v.epoch as number) : -1,
  };
}
