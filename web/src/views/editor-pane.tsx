'use client';
/** The open files as tabs over the editor. Monaco loads on the client only, on first use. */
import dynamic from 'next/dynamic';
import type { ReactNode } from 'react';
import type { ThreadsContext } from '../editor/threads/editor-threads';
import type { SaveState } from '../lib/save-state';
import type { Item } from '../lib/types';

const CollabEditor = dynamic(() => import('../editor/collab-editor'), {
  ssr: false,
  loading: () => <div className="editor-empty">Loading editor…</div>,
});

const SAVE_LABEL: Record<SaveState, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  offline: 'Offline',
  'unsaved-offline': 'Unsaved — kept in this browser',
  'cannot-save': 'The server cannot save right now — your edits are kept here until it can',
  refused: 'Not saved — you can no longer edit this file (your edits are kept in this browser)',
  deleted: 'This file was deleted on the server — edits to it are not saved',
};

export function saveLabel(state: SaveState | undefined): string {
  return state ? SAVE_LABEL[state] : 'Connecting…';
}

interface Props {
  workspaceId: string;
  tabs: Item[];
  activeId: string | null;
  readOnly: boolean;
  /** `id`: keep this file in this browser (stored-document.ts) under this user. */
  user: { name: string; color: string; id?: string };
  saveStates: Record<string, SaveState>;
  /** Counts Ctrl/Cmd+S presses (every open file flushes). */
  saveRequest: number;
  onActivate(id: string): void;
  onClose(id: string): void;
  onSaveState(id: string, state: SaveState): void;
  /** The comment threads to show on the files (issue 11). */
  threads?: ThreadsContext;
  /** Whose caret the file in front follows (username), if anyone's. */
  follow?: string | null;
  /** Between the tabs and the text: the breadcrumb and Run (editor-bar.tsx). */
  bar?: ReactNode;
}

export function EditorPane({ workspaceId, tabs, activeId, readOnly, user, saveStates, saveRequest, onActivate, onClose, onSaveState, threads, follow, bar }: Props) {
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
      {bar}
      <div className="editor-area">
        {tabs.length === 0 && <div className="editor-empty">Open a file from the tree on the left.</div>}
        {tabs.map((t) => (
          <CollabEditor key={t.id} workspaceId={workspaceId} itemId={t.id} path={t.path} readOnly={readOnly} visible={t.id === activeId}
            user={user} saveRequest={saveRequest} onSaveState={(s) => onSaveState(t.id, s)} threads={threads} follow={follow} />
        ))}
      </div>
    </>
  );
}
