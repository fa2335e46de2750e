import { describe, expect, it } from 'vitest';
import { encodeMessage, FramingError, MessageReader } from './lsp-framing';

describe('LSP framing', () => {
  it('reads messages split anywhere, several per chunk, with multi-byte characters', () => {
    const a = { jsonrpc: '2.0', id: 1, result: { text: 'héllo → 🐍' } };
    const b = { jsonrpc: '2.0', method: 'x', params: [1, 2] };
    const bytes = Buffer.concat([encodeMessage(a), encodeMessage(b)]);
    for (let split = 1; split < bytes.byteLength; split += 7) {
      const reader = new MessageReader();
      const got = [...reader.push(bytes.subarray(0, split)), ...reader.push(bytes.subarray(split))];
      expect(got).toEqual([a, b]);
    }
    const reader = new MessageReader();
    const byByte = [...bytes].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(byByte).toEqual([a, b]);
  });

  it('accepts other headers beside Content-Length', () => {
    const body = '{"id":3}';
    const reader = new MessageReader();
    expect(reader.push(Buffer.from(`Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${body}`))).toEqual([{ id: 3 }]);
  });

  it('refuses a hostile stream: no length, too large, not JSON, an endless header', () => {
    expect(() => new MessageReader().push(Buffer.from('Foo: 1\r\n\r\n{}'))).toThrow(FramingError);
    expect(() => new MessageReader(100).push(Buffer.from('Content-Length: 101\r\n\r\n'))).toThrow(/101 bytes/);
    expect(() => new MessageReader().push(Buffer.from('Content-Length: 3\r\n\r\n{x}'))).toThrow(/not JSON/);
    expect(() => new MessageReader().push(Buffer.alloc(9000, 65))).toThrow(/header too long/);
  });
});
