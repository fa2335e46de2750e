'use client';
/** The review's audit trail, oldest first: who did what, with their note, when. */
import type { ReviewEvent } from '@tandem/protocol';
import { EVENT_LABEL } from '../lib/review-labels';
import { StatusBadge } from './review-badges';

export function ReviewHistory({ events }: { events: ReviewEvent[] | null }) {
  if (events === null) return <p className="muted">Loading…</p>;
  return (
    <ol className="timeline" aria-label="History">
      {events.map((e) => (
        <li key={e.id} data-event={e.kind}>
          <div className="row">
            <strong>{e.actor.username}</strong>
            <span>{EVENT_LABEL[e.kind]}</span>
            <StatusBadge status={e.to} />
            <span className="spacer" />
            <time className="muted" dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time>
          </div>
          {e.note && <p className="note-text">{e.note}</p>}
        </li>
      ))}
    </ol>
  );
}
