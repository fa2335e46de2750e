import { describe, expect, it } from 'vitest';
import { EARLY_OUTPUT_BYTES, ProcessEvents } from './process-events';

describe('ProcessEvents', () => {
  it('keeps output written before the first listener for it, then streams', () => {
    const events = new ProcessEvents();
    events.stdout.emit(Buffer.from('early '));
    const seen: string[] = [];
    events.handlers().onStdout((chunk) => seen.push(chunk.toString()));
    events.stdout.emit(Buffer.from('live'));
    expect(seen).toEqual(['early ', 'live']);
  });

  it('keeps stdout and stderr apart and stops calling a listener that unsubscribed', () => {
    const events = new ProcessEvents();
    const { onStdout, onStderr } = events.handlers();
    const out: string[] = [];
    const err: string[] = [];
    const stop = onStdout((c) => out.push(c.toString()));
    onStderr((c) => err.push(c.toString()));
    events.stdout.emit(Buffer.from('o'));
    events.stderr.emit(Buffer.from('e'));
    stop();
    events.stdout.emit(Buffer.from('lost'));
    expect(out).toEqual(['o']);
    expect(err).toEqual(['e']);
  });

  it('bounds what it keeps for a listener that never comes', () => {
    const events = new ProcessEvents();
    for (let i = 0; i < 3; i++) events.stdout.emit(Buffer.alloc(EARLY_OUTPUT_BYTES / 2));
    let kept = 0;
    events.handlers().onStdout((c) => (kept += c.length));
    expect(kept).toBe(EARLY_OUTPUT_BYTES);
  });

  it('tells the exit once, also to a listener that subscribes after it', async () => {
    const events = new ProcessEvents();
    const calls: Array<[number | null, string | null]> = [];
    events.handlers().onExit((code, signal) => calls.push([code, signal]));
    events.exit(null, 'SIGKILL');
    events.exit(-1, null);
    const late = await new Promise((resolve) => events.handlers().onExit((code, signal) => resolve([code, signal])));
    expect(calls).toEqual([[null, 'SIGKILL']]);
    expect(late).toEqual([null, 'SIGKILL']);
  });
});
