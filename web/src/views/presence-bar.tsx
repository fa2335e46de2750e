'use client';
/** Who is in this workspace, and which file each person has open. */
import type { PresenceUser } from '@tandem/protocol';
import type { Item } from '../lib/types';
import { userColor } from '../lib/user-color';

export function PresenceBar({ users, items }: { users: PresenceUser[]; items: Item[] }) {
  const pathOf = (id: string | null) => (id ? items.find((i) => i.id === id)?.path : undefined);
  return (
    <div className="avatars" aria-label="People here">
      {users.map((u) => {
        const path = pathOf(u.itemId);
        return (
          <span key={u.userId} className="avatar" data-presence={u.username} style={{ background: userColor(u.username) }}
            title={path ? `${u.username} — ${path}` : u.username}>
            {u.username.slice(0, 1).toUpperCase()}
          </span>
        );
      })}
    </div>
  );
}
