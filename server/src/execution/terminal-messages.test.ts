import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, needsEditor, parseTerminalCommand } from './terminal-messages';

const parse = (m: Record<string, unknown>) => parseTerminalCommand(m as { type: string });

describe('parseTerminalCommand', () => {
  it('accepts every well-formed message', () => {
    expect(parse({ type: 'env.start' })).toEqual({ ok: true, command: { type: 'env.start' } });
    expect(parse({ type: 'term.open', cols: 80, rows: 24 })).toEqual({ ok: true, command: { type: 'term.open', cols: 80, rows: 24 } });
    expect(parse({ type: 'term.attach', termId: 't1', since: 42 })).toEqual({ ok: true, command: { type: 'term.attach', termId: 't1', since: 42 } });
    expect(parse({ type: 'term.detach', termId: 't1' })).toMatchObject({ ok: true });
    expect(parse({ type: 'term.input', termId: 't1', data: 'ls\r' })).toMatchObject({ ok: true, command: { data: 'ls\r' } });
    expect(parse({ type: 'term.resize', termId: 't1', cols: 1000, rows: 1 })).toMatchObject({ ok: true });
    expect(parse({ type: 'term.close', termId: 't1' })).toMatchObject({ ok: true });
    expect(parse({ type: 'term.list' })).toEqual({ ok: true, command: { type: 'term.list' } });
  });

  it('attaches from the oldest kept output when since is left out', () => {
    expect(parse({ type: 'term.attach', termId: 't1' })).toEqual({ ok: true, command: { type: 'term.attach', termId: 't1', since: 0 } });
  });

  it.each([
    [{ type: 'term.open', cols: 0, rows: 24 }, 'cols'],
    [{ type: 'term.open', cols: 80, rows: 1001 }, 'rows'],
    [{ type: 'term.open', cols: 80.5, rows: 24 }, 'cols'],
    [{ type: 'term.open', cols: '80', rows: 24 }, 'cols'],
    [{ type: 'term.resize', termId: 't', cols: 80 }, 'rows'],
    [{ type: 'term.attach', termId: 't', since: -1 }, 'since'],
    [{ type: 'term.attach', termId: 't', since: 1.5 }, 'since'],
    [{ type: 'term.attach', termId: 't', since: '0' }, 'since'],
    [{ type: 'term.input', termId: 5, data: 'x' }, 'termId'],
    [{ type: 'term.input', termId: '', data: 'x' }, 'termId'],
    [{ type: 'term.input', termId: 'x'.repeat(129), data: 'x' }, 'termId'],
    [{ type: 'term.input', termId: 't', data: 7 }, 'data'],
    [{ type: 'term.input', termId: 't', data: 'x'.repeat(MAX_INPUT_BYTES + 1) }, 'data'],
    [{ type: 'term.input', termId: 't', data: 'é'.repeat(MAX_INPUT_BYTES / 2 + 1) }, 'data'],
    [{ type: 'term.close' }, 'termId'],
  ])('refuses %j (%s)', (message, field) => {
    const result = parse(message);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(field);
  });

  it('accepts input of exactly the limit', () => {
    expect(parse({ type: 'term.input', termId: 't', data: 'x'.repeat(MAX_INPUT_BYTES) }).ok).toBe(true);
  });

  it('lets viewers watch but not act', () => {
    expect(needsEditor('term.attach')).toBe(false);
    expect(needsEditor('term.detach')).toBe(false);
    expect(needsEditor('term.list')).toBe(false);
    for (const type of ['env.start', 'term.open', 'term.input', 'term.resize', 'term.close'] as const) expect(needsEditor(type)).toBe(true);
  });
});
