import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeTerminalHandle } from './fake-terminal-handle';
import { RecordingSubscriber } from './recording-subscriber';
import { DEFAULT_TERMINAL_OPTIONS, TerminalSession, type TerminalSessionOptions } from './terminal-session';

const options: TerminalSessionOptions = {
  ...DEFAULT_TERMINAL_OPTIONS,
  scrollbackUnits: 100,
  highWaterBytes: 50,
  lowWaterBytes: 10,
  lingerMs: 60_000,
  frame: { frameIntervalMs: 8, maxFrameUnits: 16 },
};

function setup(opts = options) {
  const handle = new FakeTerminalHandle();
  const gone = vi.fn();
  const session = new TerminalSession(handle, { cols: 80, rows: 24 }, opts, { onGone: gone });
  return { handle, session, gone };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('TerminalSession', () => {
  it('TERM-2: sends the same output, with offsets, to every attached client', () => {
    const { handle, session } = setup();
    const a = new RecordingSubscriber();
    const b = new RecordingSubscriber();
    session.attach(a);
    session.attach(b);
    handle.emit('hello');
    vi.advanceTimersByTime(20);
    handle.emit(' world');
    vi.advanceTimersByTime(20);
    for (const s of [a, b]) {
      expect(s.text()).toBe('hello world');
      expect(s.checkContiguous()).toBe(11);
    }
  });

  it('sends an echo at once and gathers a flood into frames', () => {
    const { handle, session } = setup();
    const a = new RecordingSubscriber();
    session.attach(a);
    handle.emit('x');
    expect(a.text()).toBe('x');
    for (let i = 0; i < 10; i++) handle.emit('y');
    expect(a.messages).toHaveLength(1);
    vi.advanceTimersByTime(8);
    expect(a.messages).toHaveLength(2);
    expect(a.text()).toBe('x' + 'y'.repeat(10));
  });

  it('TERM-12: replays exactly the rest of the output to a client that reattaches with since', () => {
    const { handle, session } = setup();
    const first = new RecordingSubscriber();
    session.attach(first);
    handle.emit('line 1\r\n');
    vi.advanceTimersByTime(20);
    const seen = first.checkContiguous();
    session.detach(first);
    handle.emit('line 2\r\n');
    handle.emit('line 3\r\n');
    vi.advanceTimersByTime(20);
    const again = new RecordingSubscriber();
    session.attach(again, seen);
    expect(again.text()).toBe('line 2\r\nline 3\r\n');
    expect(again.checkContiguous(seen)).toBe(session.outputEnd);
  });

  it('TERM-14: tells a client whose offset fell out of the scrollback what it skipped', () => {
    const { handle, session } = setup();
    for (let i = 0; i < 30; i++) handle.emit('0123456789');
    vi.advanceTimersByTime(20);
    const late = new RecordingSubscriber();
    session.attach(late, 0);
    const skip = late.messages[0];
    expect(skip).toMatchObject({ type: 'term.skipped', from: 0 });
    expect(late.checkContiguous()).toBe(300);
    expect(late.text().length).toBeGreaterThanOrEqual(100);
  });

  it('TERM-3: stops sending to a slow client without holding up the others, then skips it ahead', () => {
    const { handle, session } = setup();
    const fast = new RecordingSubscriber();
    const slow = new RecordingSubscriber();
    session.attach(fast);
    session.attach(slow);
    slow.buffered = 1000;
    for (let i = 0; i < 40; i++) {
      handle.emit('abcdefghij');
      vi.advanceTimersByTime(10);
    }
    expect(fast.text()).toBe('abcdefghij'.repeat(40));
    expect(slow.messages).toHaveLength(0);

    slow.buffered = 0;
    vi.advanceTimersByTime(options.drainPollMs);
    expect(slow.messages[0]).toMatchObject({ type: 'term.skipped', from: 0 });
    expect(slow.checkContiguous()).toBe(400);
    handle.emit('live');
    vi.advanceTimersByTime(10);
    expect(slow.text().endsWith('live')).toBe(true);
  });

  it('TERM-17: stops reading the program while every client is slow, so nothing is skipped, and reads on once one drains', () => {
    const { handle, session } = setup();
    const slow = new RecordingSubscriber();
    session.attach(slow);
    handle.emit('abcdefghij');
    expect(handle.paused).toBe(false);
    slow.buffered = 1000;
    handle.emit('klmnopqrst');
    vi.advanceTimersByTime(10);
    expect(handle.paused).toBe(true);

    slow.buffered = 0;
    vi.advanceTimersByTime(options.drainPollMs);
    expect(handle.paused).toBe(false);
    expect(slow.messages.some((m) => m.type === 'term.skipped')).toBe(false);
    expect(slow.text()).toBe('abcdefghijklmnopqrst');
  });

  it('reads on while one client keeps up (the slow one is skipped), or once the slow one leaves', () => {
    const { handle, session } = setup();
    const fast = new RecordingSubscriber();
    const slow = new RecordingSubscriber();
    session.attach(slow);
    slow.buffered = 1000;
    handle.emit('x');
    vi.advanceTimersByTime(10);
    expect(handle.paused).toBe(true);
    session.attach(fast);
    expect(handle.paused).toBe(false);
    session.detach(fast);
    expect(handle.paused).toBe(true);
    session.detach(slow);
    expect(handle.paused).toBe(false); // nobody attached: output goes on into the scrollback
  });

  it('TERM-4: sends the exit code after the last output, also to a client that catches up later', () => {
    const { handle, session } = setup();
    const a = new RecordingSubscriber();
    session.attach(a);
    handle.emit('bye');
    handle.exit(3);
    expect(a.messages).toEqual([
      { type: 'term.output', termId: 'term-1', seq: 0, data: 'bye' },
      { type: 'term.exit', termId: 'term-1', code: 3 },
    ]);
    expect(session.summary()).toMatchObject({ exited: true, exitCode: 3 });
    const later = new RecordingSubscriber();
    session.attach(later, 0);
    expect(later.text()).toBe('bye');
    expect(later.messages.at(-1)).toMatchObject({ type: 'term.exit', code: 3 });
  });

  it('survives its last client for the linger time, then kills the process', () => {
    const { handle, session, gone } = setup();
    const a = new RecordingSubscriber();
    session.attach(a);
    session.detach(a);
    vi.advanceTimersByTime(options.lingerMs - 1);
    expect(handle.killed).toBe(false);
    session.attach(a, 0);
    session.detach(a);
    vi.advanceTimersByTime(options.lingerMs - 1);
    expect(handle.killed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(handle.killed).toBe(true);
    expect(gone).toHaveBeenCalledOnce();
  });

  it('TERM-7, TERM-15: tells attached clients when it is closed, and passes input and resizes on', () => {
    const { handle, session } = setup();
    const a = new RecordingSubscriber();
    session.attach(a);
    session.input('ls\r');
    session.resize(100, 30);
    expect(handle.written).toEqual(['ls\r']);
    expect(handle.sizes).toEqual([[100, 30]]);
    expect(session.summary()).toMatchObject({ cols: 100, rows: 30 });
    session.close();
    expect(a.messages.at(-1)).toEqual({ type: 'term.closed', termId: 'term-1' });
    expect(handle.killed).toBe(true);
  });
});

describe('TerminalSession under a flood', () => {
  it('sends a full frame without waiting for the armed timer, so a fast client never falls out of the ring', () => {
    const { handle, session } = setup();
    const a = new RecordingSubscriber();
    session.attach(a);
    handle.emit('x');
    for (let i = 0; i < 50; i++) handle.emit('0123456789');
    expect(a.messages.some((m) => m.type === 'term.skipped')).toBe(false);
    vi.advanceTimersByTime(10);
    expect(a.checkContiguous()).toBe(501);
  });
});
