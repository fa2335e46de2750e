/**
 * Length-prefixed frames for stdin over the exec API (pure logic).
 *
 * The v4 channel protocol has no way to close stdin: the remote command never sees
 * EOF. So a push is framed: an ASCII header line `TANDEM1 <byteLength>\n`, then
 * exactly that many bytes. The remote script reads the header with `read` (which
 * consumes a pipe byte by byte, never past the newline) and the body with
 * `head -c`, then knows the archive is complete without waiting for EOF.
 */

export const FRAME_MAGIC = 'TANDEM1';
/** Longest header we accept: magic, space, 15 digits, newline. */
const MAX_HEADER_BYTES = FRAME_MAGIC.length + 1 + 15 + 1;

export function encodeFrame(payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${FRAME_MAGIC} ${payload.byteLength}\n`, 'ascii'), payload]);
}

export type FrameDecode =
  | { status: 'complete'; payload: Buffer; rest: Buffer }
  | { status: 'incomplete'; needed: number | undefined }
  | { status: 'invalid'; reason: string };

/** Decodes one frame from the start of `input`; `rest` is what follows it. */
export function decodeFrame(input: Buffer): FrameDecode {
  const newline = input.indexOf(0x0a);
  if (newline === -1) {
    return input.length >= MAX_HEADER_BYTES ? { status: 'invalid', reason: 'header too long' } : { status: 'incomplete', needed: undefined };
  }
  const match = /^TANDEM1 (0|[1-9][0-9]{0,14})$/.exec(input.subarray(0, newline).toString('latin1'));
  if (!match) return { status: 'invalid', reason: 'bad header' };
  const length = Number(match[1]);
  const start = newline + 1;
  if (input.length - start < length) return { status: 'incomplete', needed: length - (input.length - start) };
  return { status: 'complete', payload: input.subarray(start, start + length), rest: input.subarray(start + length) };
}
