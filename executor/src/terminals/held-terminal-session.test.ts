/**
 * A held terminal in the session (issue 14), with an in-memory handle: output that
 * begins past offset 0, a client attaching too far behind it (the screen), and a
 * release that leaves the program running.
 */
import { describe, expect, it, vi } from 'vitest';
import { waitFor } from '../contract/wait-for';
import { FakeTerminalHandle } from './fake-terminal-handle';
import { RecordingSubscriber } from './recording-subscriber';
import { DEFAULT_TERMINAL_OPTIONS, TerminalSession, type TerminalSessionOptions } from './terminal-session';

class HeldHandle extends FakeTerminalHandle {
  detached = false;
  constructor(readonly start: number) {
    super('held-1');
  }
  detach(): void {
    this.detached = true;
  }
}

const options: TerminalSessionOptions = { ...DEFAULT_TERMINAL_OPTIONS, scrollbackUnits: 400, frame: { frameIntervalMs: 0, maxFrameUnits: 1000 }, screenOnSkip: true };

describe('a held terminal session', () => {
  it('keeps the offsets it was re-attached at: a client goes on from its own', async () => {
    const handle = new HeldHandle(1000);
    const session = new TerminalSession(handle, { cols: 40, rows: 5 }, options);
    handle.emit('replayed');
    expect(session.outputEnd).toBe(1008);
    const client = new RecordingSubscriber();
    session.attach(client, 1003);
    await waitFor(() => client.messages.length > 0, 'the replay');
    expect(client.messages).toEqual([{ type: 'term.output', termId: 'held-1', seq: 1003, data: 'layed' }]);
  });

  it('draws the screen for a client behind the scrollback, ending at the current offset', async () => {
    const handle = new HeldHandle(5000);
    const session = new TerminalSession(handle, { cols: 40, rows: 5 }, options);
    for (let i = 0; i < 100; i++) handle.emit(`line-${i}\r\n`);
    handle.emit('\x1b[2J\x1b[Hnow on screen');
    const client = new RecordingSubscriber();
    session.attach(client, 10);
    await waitFor(() => client.messages.length >= 2, 'the screen');
    const [skipped, screen] = client.messages as unknown as [{ type: string; from: number; to: number }, { type: string; seq: number; data: string }];
    expect(skipped).toMatchObject({ type: 'term.skipped', from: 10 });
    expect(screen.type).toBe('term.output');
    expect(screen.seq).toBe(skipped.to);
    expect(screen.seq + screen.data.length).toBe(session.outputEnd);
    expect(screen.data).toContain('now on screen');
    expect(screen.data).not.toContain('line-99');
    // Live output goes on at the stream's offsets.
    handle.emit('!');
    await waitFor(() => client.messages.length >= 3, 'live output');
    expect(client.messages[2]).toMatchObject({ type: 'term.output', seq: session.outputEnd - 1, data: '!' });
  });

  it('is let go without killing the program, and its clients hear nothing', () => {
    const handle = new HeldHandle(0);
    const gone = vi.fn();
    const session = new TerminalSession(handle, { cols: 80, rows: 24 }, options, { onGone: gone });
    const client = new RecordingSubscriber();
    session.attach(client);
    session.release();
    expect(handle.detached).toBe(true);
    expect(handle.killed).toBe(false);
    expect(client.messages).toEqual([]);
    expect(gone).toHaveBeenCalledWith(session);
  });
});
