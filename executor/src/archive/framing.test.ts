import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './framing';

describe('frames', () => {
  it('round-trips a payload and leaves what follows', () => {
    const payload = Buffer.from('tar bytes \n with newlines \0 and NUL');
    const framed = Buffer.concat([encodeFrame(payload), Buffer.from('next')]);
    const decoded = decodeFrame(framed);
    expect(decoded.status).toBe('complete');
    if (decoded.status !== 'complete') return;
    expect(decoded.payload.equals(payload)).toBe(true);
    expect(decoded.rest.toString()).toBe('next');
  });

  it('encodes an empty payload', () => {
    expect(decodeFrame(encodeFrame(new Uint8Array(0)))).toMatchObject({ status: 'complete', payload: Buffer.alloc(0) });
  });

  it('says how much is missing while the frame arrives', () => {
    const framed = encodeFrame(Buffer.alloc(1000, 1));
    expect(decodeFrame(framed.subarray(0, 5))).toEqual({ status: 'incomplete', needed: undefined });
    expect(decodeFrame(framed.subarray(0, framed.length - 10))).toEqual({ status: 'incomplete', needed: 10 });
  });

  it.each([['GARBAGE 12\n'], ['TANDEM1 -1\n'], ['TANDEM1 012\n'], ['TANDEM1 1e3\n'], ['TANDEM1 ' + '9'.repeat(40)]])('rejects header %j', (header) => {
    expect(decodeFrame(Buffer.from(header)).status).toBe('invalid');
  });
});
