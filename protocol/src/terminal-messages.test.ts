// The terminal requests' field rules (docs/protocols.md, "Field validation"), as the
// server enforced them before they moved here: the same cases accepted and refused.
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, MAX_TERMINAL_SIZE } from './terminal-messages';
import { parseClientMessage } from './ws-client-messages';

const parse = (m: Record<string, unknown>) => parseClientMessage(JSON.stringify(m));

describe('terminal requests', () => {
  it('WS-9, TERM-15: accepts every well-formed message', () => {
    expect(parse({ type: 'env.start' })).toEqual({ kind: 'message', message: { type: 'env.start' } });
    expect(parse({ type: 'term.open', cols: 80, rows: 24 })).toEqual({ kind: 'message', message: { type: 'term.open', cols: 80, rows: 24 } });
    expect(parse({ type: 'term.attach', termId: 't1', since: 42 })).toEqual({ kind: 'message', message: { type: 'term.attach', termId: 't1', since: 42 } });
    expect(parse({ type: 'term.detach', termId: 't1' })).toEqual({ kind: 'message', message: { type: 'term.detach', termId: 't1' } });
    expect(parse({ type: 'term.input', termId: 't1', data: 'ls\r' })).toEqual({ kind: 'message', message: { type: 'term.input', termId: 't1', data: 'ls\r' } });
    expect(parse({ type: 'term.resize', termId: 't1', cols: MAX_TERMINAL_SIZE, rows: 1 })).toEqual({
      kind: 'message',
      message: { type: 'term.resize', termId: 't1', cols: 1000, rows: 1 },
    });
    expect(parse({ type: 'term.close', termId: 't1' })).toEqual({ kind: 'message', message: { type: 'term.close', termId: 't1' } });
    expect(parse({ type: 'term.list' })).toEqual({ kind: 'message', message: { type: 'term.list' } });
  });

  it('WS-9, TERM-13: attaches from the oldest kept output when since is left out or null', () => {
    expect(parse({ type: 'term.attach', termId: 't1' })).toEqual({ kind: 'message', message: { type: 'term.attach', termId: 't1', since: 0 } });
    expect(parse({ type: 'term.attach', termId: 't1', since: null })).toEqual({ kind: 'message', message: { type: 'term.attach', termId: 't1', since: 0 } });
  });

  it.each([
    [{ type: 'term.open', cols: 0, rows: 24 }, 'cols'],
    [{ type: 'term.open', cols: 80, rows: 1001 }, 'rows'],
    [{ type: 'term.open', cols: 80.5, rows: 24 }, 'cols'],
    [{ type: 'term.open', cols: '80', rows: 24 }, 'cols'],
    [{ type: 'term.open', rows: 24 }, 'cols'],
    [{ type: 'term.resize', termId: 't', cols: 80 }, 'rows'],
    [{ type: 'term.resize', cols: 80, rows: 24 }, 'termId'],
    [{ type: 'term.attach', termId: 't', since: -1 }, 'since'],
    [{ type: 'term.attach', termId: 't', since: 1.5 }, 'since'],
    [{ type: 'term.attach', termId: 't', since: '0' }, 'since'],
    [{ type: 'term.attach', termId: 't', since: 2 ** 53 }, 'since'],
    [{ type: 'term.input', termId: 5, data: 'x' }, 'termId'],
    [{ type: 'term.input', termId: '', data: 'x' }, 'termId'],
    [{ type: 'term.input', termId: 'x'.repeat(129), data: 'x' }, 'termId'],
    [{ type: 'term.input', termId: 't', data: 7 }, 'data'],
    [{ type: 'term.input', termId: 't' }, 'data'],
    [{ type: 'term.input', termId: 't', data: 'x'.repeat(MAX_INPUT_BYTES + 1) }, 'data'],
    [{ type: 'term.input', termId: 't', data: 'é'.repeat(MAX_INPUT_BYTES / 2 + 1) }, 'data'],
    [{ type: 'term.input', termId: 't', data: '😀'.repeat(MAX_INPUT_BYTES / 4 + 1) }, 'data'],
    [{ type: 'term.close' }, 'termId'],
    [{ type: 'term.detach', termId: null }, 'termId'],
  ])('WS-9: refuses %j as invalid_message, naming %s', (message, field) => {
    const result = parse(message);
    expect(result).toMatchObject({ kind: 'refused', code: 'invalid_message', type: message.type });
    if (result.kind === 'refused') expect(result.reason).toContain(field);
  });

  it('WS-9: accepts input of exactly the limit, in bytes of UTF-8', () => {
    expect(parse({ type: 'term.input', termId: 't', data: 'x'.repeat(MAX_INPUT_BYTES) }).kind).toBe('message');
    expect(parse({ type: 'term.input', termId: 't', data: 'é'.repeat(MAX_INPUT_BYTES / 2) }).kind).toBe('message');
    expect(parse({ type: 'term.input', termId: 't', data: 'x'.repeat(128) }).kind).toBe('message');
    expect(parse({ type: 'term.input', termId: 'x'.repeat(128), data: '' }).kind).toBe('message');
  });
});
