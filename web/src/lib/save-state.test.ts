import { describe, expect, it } from 'vitest';
import { isEmptyUpdate, SaveTracker } from './save-state';

const connected = () => {
  const t = new SaveTracker();
  t.onConnected();
  t.onStepTwoSent(true);
  return t;
};

describe('SaveTracker', () => {
  it('is saving until the server acks every edit sent on this connection', () => {
    const t = connected();
    expect(t.state).toBe('saved');
    t.onLocalUpdate();
    t.onLocalUpdate();
    expect(t.state).toBe('saving');
    t.onAck(1);
    expect(t.state).toBe('saving');
    t.onAck(2);
    expect(t.state).toBe('saved');
  });

  it('counts a non-empty step 2 as one update the server will ack', () => {
    const t = new SaveTracker();
    t.onConnected();
    t.onStepTwoSent(false);
    expect(t.state).toBe('saving');
    t.onAck(1);
    expect(t.state).toBe('saved');
  });

  it('keeps offline edits unsaved until the next connection has them committed', () => {
    const t = connected();
    t.onLocalUpdate();
    t.onDisconnected();
    expect(t.state).toBe('unsaved-offline');
    t.onLocalUpdate();
    t.onConnected();
    expect(t.state).toBe('saving');
    t.onStepTwoSent(false);
    expect(t.state).toBe('saving');
    t.onAck(1);
    expect(t.state).toBe('saved');
  });

  it('says offline, not unsaved, when nothing was pending', () => {
    const t = connected();
    t.onDisconnected();
    expect(t.state).toBe('offline');
  });

  it('recognises the empty update', () => {
    expect(isEmptyUpdate(new Uint8Array([0, 0]))).toBe(true);
    expect(isEmptyUpdate(new Uint8Array([0, 1, 0]))).toBe(false);
  });
});
