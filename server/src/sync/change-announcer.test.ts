import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkspaceEvents } from '../events';
import { ChangeAnnouncer } from './change-announcer';
import { Room } from './room';

afterEach(() => {
  vi.useRealTimers();
});

describe('ChangeAnnouncer', () => {
  it('announces the first change at once and the last one at the end of the throttle, nothing between', () => {
    vi.useFakeTimers();
    const events = new WorkspaceEvents();
    const seen: string[] = [];
    events.on('document', (workspaceId, itemId) => seen.push(`${workspaceId}/${itemId}`));
    const announcer = new ChangeAnnouncer(events, 50);
    const room = new Room('item', 'ws', 1024);
    announcer.changed(room);
    expect(seen).toEqual(['ws/item']);
    for (let i = 0; i < 10; i++) announcer.changed(room);
    expect(seen).toHaveLength(1);
    vi.advanceTimersByTime(50);
    expect(seen).toHaveLength(2);
    vi.advanceTimersByTime(500);
    expect(seen).toHaveLength(2);
    announcer.changed(room);
    expect(seen).toHaveLength(3);
  });

  it('says nothing more for a document unloaded during the throttle', () => {
    vi.useFakeTimers();
    const events = new WorkspaceEvents();
    let seen = 0;
    events.on('document', () => seen++);
    const announcer = new ChangeAnnouncer(events, 50);
    const room = new Room('item', 'ws', 1024);
    announcer.changed(room);
    announcer.changed(room);
    room.destroy();
    vi.advanceTimersByTime(100);
    expect(seen).toBe(1);
  });
});
