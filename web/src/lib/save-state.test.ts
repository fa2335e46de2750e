import { describe, expect, it } from 'vitest';
import { editsStuckInBrowser, isEmptyUpdate, SaveTracker } from './save-state';

const connected = () => {
  const t = new SaveTracker();
  t.onConnected();
  t.onStepTwoSent(true);
  return t;
};

describe('SaveTracker', () => {
  it('ACK-1: is saving until the server acks every edit sent on this connection', () => {
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
  it('FAULT-4, FAULT-5: says the server cannot save, not "Saving…" or "Offline", when it closed with 4502 while edits were unacked', () => {
    const t = connected();
    t.onLocalUpdate();
    expect(t.state).toBe('saving');
    // The database went away: the update's commit failed and the server closed the socket.
    t.onClosed(4502);
    t.onDisconnected();
    expect(t.state).toBe('cannot-save');
    // Edits made meanwhile stay in the browser; reconnect attempts refused at admission do not flip it to a spinner.
    t.onLocalUpdate();
    t.onConnected();
    expect(t.state).toBe('cannot-save');
    t.onClosed(4502);
    t.onDisconnected();
    expect(t.state).toBe('cannot-save');
    expect(editsStuckInBrowser(t.state)).toBe(true);
    // The database is back: the next connection's step 2 carries everything, and its ack saves it.
    t.onConnected();
    t.onStepTwoSent(false);
    expect(t.state).toBe('cannot-save');
    t.onAck(1);
    expect(t.state).toBe('saved');
    // Forgotten once saved: the next edit is an ordinary "Saving…".
    t.onLocalUpdate();
    expect(t.state).toBe('saving');
  });

  it('FAULT-8: treats the unsaved limit (4504) the same, and ignores other closes', () => {
    const t = connected();
    t.onLocalUpdate();
    t.onClosed(4504);
    t.onDisconnected();
    expect(t.state).toBe('cannot-save');

    const u = connected();
    u.onLocalUpdate();
    u.onClosed(1006);
    u.onDisconnected();
    expect(u.state).toBe('unsaved-offline');
  });

  it('says offline, not cannot-save, when the server could not save but nothing was pending', () => {
    const t = connected();
    t.onClosed(4502);
    t.onDisconnected();
    expect(t.state).toBe('offline');
    expect(editsStuckInBrowser(t.state)).toBe(false);
  });
});

describe('SaveTracker, for edits the server refuses or can no longer take', () => {
  it('SYNC-7: says refused, never Saved, when the server drops an edit for want of write access', () => {
    const t = connected();
    t.onLocalUpdate();
    t.onDenied();
    expect(t.state).toBe('refused');
    expect(editsStuckInBrowser(t.state)).toBe(true);
    // Write access back and a new connection that gets everything acked: saved again.
    t.onDisconnected();
    t.onConnected();
    t.onStepTwoSent(false);
    expect(t.state).toBe('refused');
    t.onAck(1);
    expect(t.state).toBe('saved');
  });

  it('CLOSE-4: says deleted once the server answers that the file is gone', () => {
    const t = connected();
    t.onLocalUpdate();
    t.onClosed(4404);
    t.onDisconnected();
    expect(t.state).toBe('deleted');
  });

  it('shows a restored copy with unacknowledged edits as unsaved until a connection has them acked', () => {
    const t = new SaveTracker();
    t.onRestored(true);
    expect(t.state).toBe('unsaved-offline');
    t.onConnected();
    t.onStepTwoSent(false);
    expect(t.state).toBe('saving');
    t.onAck(1);
    expect(t.state).toBe('saved');
    const clean = new SaveTracker();
    clean.onRestored(false);
    expect(clean.state).toBe('offline');
  });
});
