'use client';
/** The open files as tabs over the editor. Monaco loads on the client only, on first use. */
import dynamic from 'next/dynamic';
import type { ThreadsContext } from '../editor/threads/editor-threads';
import type { SaveState } from '../lib/save-state';
import type { Item } from '../lib/types';

const CollabEditor = dynamic(() => import('../editor/collab-editor'), {
  ssr: false,
  loading: () => <div className="editor-empty">Loading editor…</div>,
});

/**
 * Starts fetching Monaco's chunk. The workspace page calls it when it mounts: that page
 * always opens a file, so Monaco downloads and parses while the session, the workspace
 * socket and the tree arrive, instead of after them (issue 12: time to typing). Not at
 * module load: the dashboard's link prefetches evaluate this module, and must not pull
 * in the editor.
 */
export function preloadEditor(): void {
  void import('../editor/collab-editor');
}

const SAVE_LABEL: Record<SaveState, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  offline: 'Offline',
  'unsaved-offline': 'Offline — unsaved changes',
  'cannot-save': 'The server cannot save right now — your edits are kept here until it can',
};

export function saveLabel(state: SaveState | undefined): string {
  return state ? SAVE_LABEL[state] : 'Connecting…';
}

interface Props {
  workspaceId: string;
  tabs: Item[];
  activeId: string | null;
  readOnly: boolean;
  user: { name: string; color: string };
  saveStates: Record<string, SaveState>;
  /** Counts Ctrl/Cmd+S presses (every open file flushes). */
  saveRequest: number;
  onActivate(id: string): void;
  onClose(id: string): void;
  onSaveState(id: string, state: SaveState): void;
  /** The comment threads to show on the files (issue 11). */
  threads?: ThreadsContext;
}

export function EditorPane({ workspaceId, tabs, activeId, readOnly, user, saveStates, saveRequest, onActivate, onClose, onSaveState, threads }: Props) {
  return (
    <>
      <nav className="editor-tabs" role="tablist" aria-label="Open files">
        {tabs.map((t) => (
          <div key={t.id} role="tab" aria-selected={t.id === activeId} className={`editor-tab ${t.id === activeId ? 'active' : ''}`}
            title={t.path} onClick={() => onActivate(t.id)} onAuxClick={(e) => e.button === 1 && onClose(t.id)}>
            <span className={`dot ${saveStates[t.id] ?? 'connecting'}`} title={saveLabel(saveStates[t.id])} />
            {t.name}
            <button className="link" aria-label={`Close ${t.name}`} onClick={(e) => { e.stopPropagation(); onClose(t.id); }}>×</button>
          </div>
        ))}
      </nav>
      <div className="editor-area">
        {tabs.length === 0 && <div className="editor-empty">Open a file from the tree on the left.</div>}
        {tabs.map((t) => (
          <CollabEditor key={t.id} workspaceId={workspaceId} itemId={t.id} path={t.path} readOnly={readOnly} visible={t.id === activeId}
            user={user} saveRequest={saveRequest} onSaveState={(s) => onSaveState(t.id, s)} threads={threads} />
        ))}
      </div>
    </>
  );
}
