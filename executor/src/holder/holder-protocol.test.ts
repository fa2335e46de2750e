import { describe, expect, it } from 'vitest';
import { FrameType, HolderDecoder, HolderProtocolError } from './holder-protocol';

function frame(type: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(payload.length + 1, 0);
  head.writeUInt8(type, 4);
  return Buffer.concat([head, payload]);
}

function output(seq: number, text: string): Buffer {
  const head = Buffer.alloc(8);
  head.writeDoubleBE(seq, 0);
  return frame(FrameType.output, Buffer.concat([head, Buffer.from(text)]));
}

describe('holder frames', () => {
  it('decodes frames split anywhere, several in a chunk', () => {
    const bytes = Buffer.concat([
      frame(FrameType.attached, Buffer.from(JSON.stringify({ start: 0, end: 3, cols: 80, rows: 24, pid: 2, exitCode: null, epoch: 5 }))),
      output(0, 'héllo 😀'),
      frame(FrameType.exit, Buffer.from('{"code":0}')),
    ]);
    const decoder = new HolderDecoder();
    const messages = [];
    for (let i = 0; i < bytes.length; i += 3) messages.push(...decoder.push(bytes.subarray(i, i + 3)));
    expect(messages).toEqual([
      { type: 'attached', state: { start: 0, end: 3, cols: 80, rows: 24, pid: 2, exitCode: null, epoch: 5 } },
      { type: 'output', seq: 0, data: 'héllo 😀' },
      { type: 'exit', code: 0 },
    ]);
  });

  it.each([
    ['an oversized frame', Buffer.from([0x7f, 0xff, 0xff, 0xff, 17])],
    ['an empty frame', Buffer.from([0, 0, 0, 0, 0])],
    ['an unknown type', frame(99, Buffer.alloc(0))],
    ['a short output frame', frame(FrameType.output, Buffer.alloc(3))],
    ['a negative offset', output(-1, 'x')],
    ['a fractional offset', output(1.5, 'x')],
    ['control that is not JSON', frame(FrameType.exit, Buffer.from('{'))],
    ['an exit without a code', frame(FrameType.exit, Buffer.from('{}'))],
    ['a state whose end is before its start', frame(FrameType.infoReply, Buffer.from('{"start":5,"end":1,"cols":1,"rows":1,"pid":1,"exitCode":null}'))],
  ])('refuses %s', (_, bytes) => {
    expect(() => new HolderDecoder().push(bytes)).toThrow(HolderProtocolError);
  });
});
