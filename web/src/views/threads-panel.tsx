'use client';
/**
 * Every comment thread of the workspace (or of the review) with its state, file, line
 * and first comment, filterable; a click opens the file, reveals the line and opens the
 * thread there. States and lines of open files are the editors' live ones.
 */
import { useState, useSyncExternalStore } from 'react';
import type { Thread } from '@tandem/protocol';
import type { ThreadStore } from '../editor/threads/thread-store';
import { THREAD_FILTERS, threadRows, type ThreadFilter } from '../lib/thread-filters';

const FILTER_LABEL: Record<ThreadFilter, string> = { all: 'All', open: 'Open', resolved: 'Resolved', mine: 'Mine', orphaned: 'Orphaned' };
const STATE_LABEL: Record<Thread['state'], string> = { pending: 'loading', anchored: 'on its code', changed: 'code changed', orphaned: 'code deleted', 'file-level': 'whole file' };

interface Props {
  store: ThreadStore;
  userId: string;
  title: string;
  onJump(thread: Thread): void;
}

export function ThreadsPanel({ store, userId, title, onJump }: Props) {
  const threads = useSyncExternalStore(store.subscribe, store.snapshot, store.snapshot);
  useSyncExternalStore(store.subscribeLive, store.liveSnapshot, store.liveSnapshot);
  const [filter, setFilter] = useState<ThreadFilter>('open');
  // The open editors know better than the last answer of the server.
  const live = threads.map((t) => {
    const l = store.liveOf(t.id);
    return l && l.state !== 'pending' ? { ...t, state: l.state, startLine: l.line } : t;
  });
  const rows = threadRows(live, filter, userId);

  return (
    <aside className="threads-panel" aria-label={title}>
      <div className="sidebar-head">{title} <span className="muted">({threads.length})</span></div>
      <div className="threads-filters" role="group" aria-label="Show">
        {THREAD_FILTERS.map((f) => (
          <button key={f} type="button" className="chip" aria-pressed={filter === f} onClick={() => setFilter(f)}>{FILTER_LABEL[f]}</button>
        ))}
      </div>
      {rows.length === 0 ? <p className="muted threads-empty">No comments here.</p> : (
        <ul className="threads-list">
          {rows.map((r) => (
            <li key={r.id}>
              <button type="button" className="threads-row" data-thread-row={r.id} data-state={r.state} onClick={() => { const t = store.get(r.id); if (t) onJump(t); }}>
                <span className="threads-where">{r.path}{r.line !== null ? `:${r.line}` : ''}</span>
                <span className={`threads-state state-${r.state}`}>{r.resolved ? 'resolved' : STATE_LABEL[r.state]}</span>
                <span className="threads-first"><strong>{r.author}</strong> {r.first}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
