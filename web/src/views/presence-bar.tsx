'use client';
/**
 * Who is in this workspace: each person's avatar and name in the top bar (their file in
 * the tooltip), and `PresenceList`, the same people with the file each has open. Clicking
 * someone else follows them (workspace-view.tsx keeps who).
 */
import type { PresenceUser } from '@tandem/protocol';
import type { Item } from '../lib/types';
import { userColor } from '../lib/user-color';

interface Props {
  users: PresenceUser[];
  items: Item[];
  selfId?: string;
  following?: string | null;
  /** Unset: names only, nobody to follow (the review page). */
  onFollow?(user: PresenceUser): void;
}

const pathIn = (items: Item[]) => (id: string | null) => (id ? items.find((i) => i.id === id)?.path : undefined);

function Avatar({ username }: { username: string }) {
  return <span className="avatar" aria-hidden="true" style={{ background: userColor(username) }}>{username.slice(0, 1).toUpperCase()}</span>;
}

export function PresenceBar({ users, items, selfId, following, onFollow }: Props) {
  const pathOf = pathIn(items);
  return (
    <div className="avatars" role="group" aria-label="People here">
      {users.map((u) => {
        const path = pathOf(u.itemId);
        const self = u.userId === selfId;
        const title = `${u.username}${self ? ' (you)' : ''}${path ? ` — ${path}` : ''}`;
        const face = <><Avatar username={u.username} /><span className="presence-name">{u.username}</span></>;
        if (!onFollow) return <span key={u.userId} className="presence-chip" data-presence={u.username} title={title}>{face}</span>;
        return (
          <button key={u.userId} type="button" className="presence-chip" data-presence={u.username} disabled={self} aria-pressed={self ? undefined : following === u.username}
            title={`${title}${self ? '' : following === u.username ? ' — following' : ' — click to follow'}`} onClick={() => onFollow(u)}>
            {face}
          </button>
        );
      })}
    </div>
  );
}

export function PresenceList({ users, items, selfId, following, onFollow }: Props) {
  const pathOf = pathIn(items);
  return (
    <section className="presence-list" aria-label="Who is here">
      <div className="sidebar-head">Here now</div>
      <ul>
        {users.map((u) => {
          const self = u.userId === selfId;
          return (
            <li key={u.userId} data-presence-row={u.username}>
              <Avatar username={u.username} />
              <span className="presence-who">
                <span className="presence-name">{u.username}{self && <span className="muted"> (you)</span>}</span>
                <span className="muted presence-file" data-presence-file={u.username}>{pathOf(u.itemId) ?? 'no file open'}</span>
              </span>
              {!self && onFollow && (
                <button type="button" className="link" aria-pressed={following === u.username} onClick={() => onFollow(u)}>
                  {following === u.username ? 'Following' : 'Follow'}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Shown while following: who, and how to stop. */
export function FollowIndicator({ username, onStop }: { username: string; onStop(): void }) {
  return (
    <div className="follow-indicator" role="status" data-testid="following">
      <span>Following <strong>{username}</strong> — Esc to stop</span>
      <button type="button" className="link" onClick={onStop}>Stop</button>
    </div>
  );
}
