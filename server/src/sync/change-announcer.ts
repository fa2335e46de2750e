/**
 * The `document` event, which tells the executor a file changed (execution/dirty-marks.ts
 * marks it dirty for the environment), on a short throttle of its own, leading and
 * trailing edge: a busy document announces itself at most every THROTTLE_MS, its
 * last change is always announced, and edits reach the environment within the push
 * policy's bounds whatever the content column's flush interval is.
 */
import type { WorkspaceEvents } from '../events';
import type { Room } from './room';

/** How often, at most, a busy document announces that it changed. */
const THROTTLE_MS = 50;

export class ChangeAnnouncer {
  constructor(
    private readonly events: Pick<WorkspaceEvents, 'emit'>,
    private readonly throttleMs = THROTTLE_MS,
  ) {}

  /** The document changed (any origin): announce it now, or at the end of the throttle. */
  changed(room: Room): void {
    if (room.announceTimer) {
      room.announcePending = true;
      return;
    }
    this.events.emit('document', room.workspaceId, room.itemId);
    room.announceTimer = setTimeout(() => {
      room.announceTimer = null;
      if (!room.announcePending || room.detached) return;
      room.announcePending = false;
      this.events.emit('document', room.workspaceId, room.itemId);
    }, this.throttleMs);
  }

  /** Unthrottled, for a change that is rare and must be seen (a compaction stored the document). */
  now(room: Room): void {
    this.events.emit('document', room.workspaceId, room.itemId);
  }
}
