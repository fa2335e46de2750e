import { describe, expect, it } from 'vitest';
import { errorMessage, parseClientMessage } from './messages';

describe('parseClientMessage', () => {
  it('accepts an object with a type, keeping its fields', () => {
    expect(parseClientMessage('{"type":"presence.focus","itemId":null,"ref":3}')).toEqual({
      ok: true,
      message: { type: 'presence.focus', itemId: null, ref: 3 },
    });
  });
  it.each(['', 'not json', '{"type":', '[]', '"hello"', '42', 'null', '{}', '{"type":7}', '{"type":""}', `{"type":"${'x'.repeat(65)}"}`])(
    'refuses %j without throwing',
    (text) => {
      expect(parseClientMessage(text).ok).toBe(false);
    },
  );
  it('drops a ref that could not be echoed safely', () => {
    const parsed = parseClientMessage(JSON.stringify({ type: 'x', ref: { nested: true } }));
    expect(parsed.ok && parsed.message.ref).toBeUndefined();
  });
});

describe('errorMessage', () => {
  it('echoes a ref only when given', () => {
    expect(errorMessage('unknown_type', 'no')).toEqual({ type: 'error', code: 'unknown_type', message: 'no' });
    expect(errorMessage('unknown_type', 'no', 'r1')).toEqual({ type: 'error', code: 'unknown_type', message: 'no', ref: 'r1' });
  });
});
