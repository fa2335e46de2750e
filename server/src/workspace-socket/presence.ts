/**
 * Who is in a workspace, from its open sessions. Pure.
 * A user with several sockets (tabs) counts once; their file is the one focused most
 * recently on any of them that still has a file focused.
 */
import type { PresenceUser } from '@tandem/protocol';

export interface PresenceSource {
  user: { id: string; username: string };
  focus: string | null;
  /** Monotonic counter of the last focus change; orders focus across a user's sockets. */
  focusedAt: number;
}

export function presenceOf(sessions: Iterable<PresenceSource>): PresenceUser[] {
  const users = new Map<string, PresenceUser & { focusedAt: number }>();
  for (const s of sessions) {
    let entry = users.get(s.user.id);
    if (!entry) {
      entry = { userId: s.user.id, username: s.user.username, connections: 0, itemId: null, focusedAt: -1 };
      users.set(s.user.id, entry);
    }
    entry.connections++;
    if (s.focus !== null && s.focusedAt > entry.focusedAt) {
      entry.itemId = s.focus;
      entry.focusedAt = s.focusedAt;
    }
  }
  return [...users.values()]
    .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0))
    .map(({ focusedAt: _, ...user }) => user);
}
