import { describe, expect, it } from 'vitest';
import { lspFrame, lspReader } from './lsp-initialize';

describe('LSP framing (test helper)', () => {
  it('frames by UTF-8 bytes and reads messages split anywhere', () => {
    const bytes = Buffer.from(lspFrame({ id: 1, result: 'ü' }) + lspFrame({ method: 'x' }));
    expect(lspFrame({ result: 'ü' })).toBe('Content-Length: 31\r\n\r\n{"jsonrpc":"2.0","result":"ü"}');
    const seen: unknown[] = [];
    const feed = lspReader((m) => seen.push(m));
    for (let i = 0; i < bytes.length; i += 7) feed(bytes.subarray(i, i + 7));
    expect(seen).toEqual([{ jsonrpc: '2.0', id: 1, result: 'ü' }, { jsonrpc: '2.0', method: 'x' }]);
  });
});
