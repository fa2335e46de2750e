import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAFT_DELAY_MS, DraftSaver } from './draft-saver';

describe('DraftSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once, the last text, DRAFT_DELAY_MS after the typing stops', () => {
    const save = vi.fn();
    const saver = new DraftSaver({ save });
    saver.changed('reply:t', { body: 'h' });
    vi.advanceTimersByTime(600);
    saver.changed('reply:t', { body: 'hi' });
    vi.advanceTimersByTime(DRAFT_DELAY_MS - 1);
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(save).toHaveBeenCalledExactlyOnceWith('reply:t', { body: 'hi' }, { keepalive: false });
  });

  it('flushes at once on unload with keepalive, and forgets a cancelled key', () => {
    const save = vi.fn();
    const saver = new DraftSaver({ save });
    saver.changed('a', { body: '1' });
    saver.changed('b', { body: '2' });
    saver.cancel('a');
    saver.flush(undefined, true);
    expect(save).toHaveBeenCalledExactlyOnceWith('b', { body: '2' }, { keepalive: true });
    vi.advanceTimersByTime(DRAFT_DELAY_MS * 2);
    expect(save).toHaveBeenCalledTimes(1);
    expect(saver.pending('b')).toBe(false);
  });
});
