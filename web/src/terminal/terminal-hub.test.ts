import { describe, expect, it } from 'vitest';
import type { ClientMessage } from '@tandem/protocol';
import { MAX_QUEUED_INPUT_BYTES, TerminalHub } from './terminal-hub';

const info = (termId: string, exited = false) => ({ termId, cols: 80, rows: 24, exited, exitCode: exited ? 0 : null });

describe('TerminalHub', () => {
  it("TERM-10: attaches to every listed terminal once per connection, from what it already has", () => {
    const sent: ClientMessage[] = [];
    const hub = new TerminalHub((m) => sent.push(m));
    hub.connected();
    hub.handle({ type: 'term.list', terminals: [info('t1')] });
    hub.handle({ type: 'term.output', termId: 't1', seq: 0, data: 'hello' });
    hub.handle({ type: 'term.list', terminals: [info('t1')] });
    hub.connected();
    hub.handle({ type: 'term.list', terminals: [info('t1')] });
    expect(sent).toEqual([
      { type: 'term.list' },
      { type: 'term.attach', termId: 't1', since: 0 },
      { type: 'term.list' },
      { type: 'term.attach', termId: 't1', since: 5 },
    ]);
  });

  it('TERM-9, TERM-10: follows the list the server sends when a terminal opens or closes, without asking again', () => {
    const sent: ClientMessage[] = [];
    const hub = new TerminalHub((m) => sent.push(m));
    hub.connected();
    expect(hub.handle({ type: 'term.list', terminals: [] })).toBe(false);
    // A collaborator opened one: the broadcast list brings its tab, and this client attaches from the start.
    expect(hub.handle({ type: 'term.list', terminals: [info('theirs')] })).toBe(true);
    expect(hub.tabs).toEqual([{ termId: 'theirs', exited: false, exitCode: null }]);
    // They closed it: the next broadcast drops it.
    expect(hub.handle({ type: 'term.list', terminals: [] })).toBe(true);
    expect(hub.tabs).toEqual([]);
    expect(sent).toEqual([{ type: 'term.list' }, { type: 'term.attach', termId: 'theirs', since: 0 }]);
  });

  it('says how a process ended', () => {
    const hub = new TerminalHub(() => {});
    hub.handle({ type: 'term.opened', termId: 't1', cols: 80, rows: 24 });
    hub.handle({ type: 'term.exit', termId: 't1', code: 130 });
    const written: string[] = [];
    hub.connect('t1', (d) => written.push(d));
    expect(written.join('')).toContain('[process exited with code 130]');
    expect(hub.tabs).toEqual([{ termId: 't1', exited: true, exitCode: 130 }]);
  });

  it('keeps output that arrives before the view mounts, without repeating a replay', () => {
    const hub = new TerminalHub(() => {});
    hub.handle({ type: 'term.opened', termId: 't1', cols: 80, rows: 24 });
    hub.handle({ type: 'term.output', termId: 't1', seq: 0, data: 'abc' });
    hub.handle({ type: 'term.output', termId: 't1', seq: 0, data: 'abcdef' });
    const written: string[] = [];
    hub.connect('t1', (d) => written.push(d));
    hub.handle({ type: 'term.output', termId: 't1', seq: 6, data: 'g' });
    expect(written.join('')).toBe('abcdefg');
  });

  it('drops tabs of closed terminals and marks exits', () => {
    const hub = new TerminalHub(() => {});
    hub.handle({ type: 'term.list', terminals: [info('a'), info('b')] });
    hub.handle({ type: 'term.exit', termId: 'a', code: 0 });
    hub.handle({ type: 'term.closed', termId: 'b' });
    expect(hub.tabs).toEqual([{ termId: 'a', exited: true, exitCode: 0 }]);
  });
});

describe('TerminalHub, input while disconnected', () => {
  const setup = () => {
    let open = false;
    const sent: ClientMessage[] = [];
    const hub = new TerminalHub((m) => open && sent.push(m) > 0);
    const written: string[] = [];
    hub.handle({ type: 'term.opened', termId: 't1', cols: 80, rows: 24 });
    hub.connect('t1', (d) => written.push(d));
    return { hub, sent, written, setOpen: (v: boolean) => (open = v) };
  };

  it('keeps what is typed while the socket is down, says so, and sends it in order after the next connect', () => {
    const { hub, sent, written, setOpen } = setup();
    hub.input('t1', 'ec');
    hub.input('t1', 'ho hi\r');
    expect(sent).toEqual([]);
    expect(written.join('')).toContain('sent when the connection is back');
    expect(hub.waitingInput).toBe(8);
    setOpen(true);
    hub.connected();
    expect(sent).toEqual([
      { type: 'term.list' },
      { type: 'term.input', termId: 't1', data: 'ec' },
      { type: 'term.input', termId: 't1', data: 'ho hi\r' },
    ]);
    hub.input('t1', 'x');
    expect(sent.at(-1)).toEqual({ type: 'term.input', termId: 't1', data: 'x' });
    expect(hub.waitingInput).toBe(0);
  });

  it('refuses input past 64 KiB with one visible notice, and keeps what fit', () => {
    const { hub, sent, written, setOpen } = setup();
    hub.input('t1', 'a'.repeat(MAX_QUEUED_INPUT_BYTES - 1));
    hub.input('t1', 'é');
    hub.input('t1', 'b');
    expect(written.join('')).toContain('NOT sent');
    expect(written.join('').split('NOT sent').length).toBe(2);
    setOpen(true);
    hub.connected();
    expect(sent.filter((m) => m.type === 'term.input').map((m) => (m as { data: string }).data.length)).toEqual([MAX_QUEUED_INPUT_BYTES - 1, 1]);
  });
});
