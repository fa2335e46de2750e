import { describe, expect, it } from 'vitest';
import { classifyContent } from './content';

describe('classifyContent', () => {
  it('loads UTF-8 text', () => {
    expect(classifyContent(Buffer.from('print("héllo")\n'))).toEqual({ kind: 'text', text: 'print("héllo")\n' });
  });
  it('treats NUL bytes and invalid UTF-8 as binary', () => {
    expect(classifyContent(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]))).toEqual({ kind: 'binary' });
    expect(classifyContent(Buffer.from([0xff, 0xfe, 0x41]))).toEqual({ kind: 'binary' });
  });
});
