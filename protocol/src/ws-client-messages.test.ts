// One frame from a client, read once: a typed message, or the refusal the server
// answers with (docs/protocols.md, "the workspace socket"). Field rules of the
// terminal requests: terminal-messages.test.ts.
import { describe, expect, it } from 'vitest';
import { CLIENT_MESSAGE_TYPES, LANGUAGE_COMMAND_TYPES, TERMINAL_COMMAND_TYPES, parseClientMessage, type ClientMessageInput } from './ws-client-messages';

describe('parseClientMessage', () => {
  it('WS-1: parses every kind of client message', () => {
    const every: ClientMessageInput[] = [
      { type: 'presence.focus', itemId: 'f0000000-0000-4000-8000-000000000000' },
      { type: 'env.start' },
      { type: 'term.open', cols: 80, rows: 24 },
      { type: 'term.attach', termId: 't1', since: 7 },
      { type: 'term.detach', termId: 't1' },
      { type: 'term.input', termId: 't1', data: 'ls\r' },
      { type: 'term.resize', termId: 't1', cols: 100, rows: 30 },
      { type: 'term.close', termId: 't1' },
      { type: 'term.list' },
      { type: 'lang.open', itemId: 'f0000000-0000-4000-8000-000000000000' },
      { type: 'lang.close', itemId: 'f0000000-0000-4000-8000-000000000000' },
      { type: 'lang.request', id: 1, method: 'completion', itemId: 'f0000000-0000-4000-8000-000000000000', position: 'AQID', stateVector: 'AQE=', triggerCharacter: '.' },
      { type: 'lang.request', id: 2, method: 'libraryFile', path: '/usr/lib/python3.11/os.py' },
      { type: 'lang.cancel', id: 1 },
      { type: 'lang.undo', editId: 'e1' },
    ];
    expect([...new Set(every.map((m) => m.type))].sort()).toEqual([...CLIENT_MESSAGE_TYPES].sort());
    for (const message of every) expect(parseClientMessage(JSON.stringify(message))).toEqual({ kind: 'message', message });
  });

  it('knows which messages are terminal and environment requests', () => {
    expect([...TERMINAL_COMMAND_TYPES].sort()).toEqual(CLIENT_MESSAGE_TYPES.filter((t) => t !== 'presence.focus' && !t.startsWith('lang.')).sort());
    expect([...LANGUAGE_COMMAND_TYPES].sort()).toEqual(CLIENT_MESSAGE_TYPES.filter((t) => t.startsWith('lang.')).sort());
  });

  it('LANG-1: refuses language requests with bad fields, saying which', () => {
    const base = { type: 'lang.request', id: 1, method: 'hover', itemId: 'f0000000-0000-4000-8000-000000000000' };
    const reason = (extra: object) => {
      const parsed = parseClientMessage(JSON.stringify({ ...base, ...extra }));
      return parsed.kind === 'refused' ? parsed.reason : parsed.kind;
    };
    expect(reason({ id: 0 })).toMatch(/^id must be an integer/);
    expect(reason({ id: 2 ** 40 })).toMatch(/^id must be an integer/);
    expect(reason({ method: 'workspace/executeCommand' })).toMatch(/^method must be one of completion/);
    expect(reason({ position: 'x'.repeat(513) })).toMatch(/^position must be a base64 relative position/);
    expect(reason({ position: 'not base64!' })).toMatch(/^position must be a base64 relative position/);
    expect(reason({ stateVector: 'A'.repeat(70_000) })).toMatch(/^stateVector must be/);
    expect(reason({ newName: '' })).toBe('newName must not be empty');
    expect(reason({ itemId: '../x' })).toMatch(/id/);
  });

  it('PRES-2: reads a focus on nothing as null, whether null or left out', () => {
    expect(parseClientMessage('{"type":"presence.focus","itemId":null,"ref":3}')).toEqual({
      kind: 'message',
      message: { type: 'presence.focus', itemId: null },
      ref: 3,
    });
    expect(parseClientMessage('{"type":"presence.focus"}')).toEqual({ kind: 'message', message: { type: 'presence.focus', itemId: null } });
  });

  it('PRES-3: refuses a focus on something that is not an id', () => {
    for (const itemId of [42, {}, ['x'], true]) {
      expect(parseClientMessage(JSON.stringify({ type: 'presence.focus', itemId, ref: 'r' }))).toEqual({
        kind: 'refused',
        code: 'invalid_message',
        type: 'presence.focus',
        reason: 'itemId must be a file id or null',
        ref: 'r',
      });
    }
  });

  it('WS-8: ignores fields a message does not have', () => {
    expect(parseClientMessage('{"type":"term.list","since":3,"pad":"x"}')).toEqual({ kind: 'message', message: { type: 'term.list' } });
  });

  it.each(['', 'not json', '{"type":', '[]', '[1,2]', '"hello"', '42', 'null', '{}', '{"type":7}', '{"type":""}', `{"type":"${'x'.repeat(65)}"}`])(
    'WS-3, WS-10: refuses %j as malformed (closed with 4400), without throwing',
    (text) => {
      expect(parseClientMessage(text).kind).toBe('malformed');
    },
  );

  it('WS-10: says why a frame is malformed', () => {
    expect(parseClientMessage('{"type":')).toEqual({ kind: 'malformed', reason: 'not JSON' });
    expect(parseClientMessage('[1]')).toEqual({ kind: 'malformed', reason: 'not a JSON object' });
    expect(parseClientMessage('{"ref":1}')).toEqual({ kind: 'malformed', reason: 'no message type' });
  });

  it('WS-2, WS-10: answers a type it does not have with unknown_type, echoing the ref', () => {
    expect(parseClientMessage('{"type":"no.such.thing","ref":7}')).toEqual({
      kind: 'refused',
      code: 'unknown_type',
      type: 'no.such.thing',
      reason: 'Unknown message type "no.such.thing"',
      ref: 7,
    });
    for (const type of ['x', 'still.there', '__proto__', 'constructor', 'toString', 'x'.repeat(64)]) {
      expect(parseClientMessage(JSON.stringify({ type }))).toMatchObject({ kind: 'refused', code: 'unknown_type' });
    }
  });

  it('WS-7: keeps a ref it can echo and drops one it could not echo safely', () => {
    expect(parseClientMessage('{"type":"term.list","ref":"r1"}')).toEqual({ kind: 'message', message: { type: 'term.list' }, ref: 'r1' });
    expect(parseClientMessage(`{"type":"term.list","ref":"${'r'.repeat(64)}"}`)).toMatchObject({ ref: 'r'.repeat(64) });
    for (const ref of [{ nested: true }, 'r'.repeat(65), null, true, [1]]) {
      const parsed = parseClientMessage(JSON.stringify({ type: 'term.list', ref }));
      expect(parsed).toEqual({ kind: 'message', message: { type: 'term.list' } });
      expect('ref' in parsed).toBe(false);
      const refused = parseClientMessage(JSON.stringify({ type: 'x', ref }));
      expect(refused.kind).toBe('refused');
      expect('ref' in refused).toBe(false);
    }
  });
});
