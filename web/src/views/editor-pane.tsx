'use client';
/**
 * The open files as tabs over the editor. Monaco loads on the client only, on first use.
 * A tab whose file someone else deleted stays, struck through and read-only, with a
 * notice saying who; one they renamed or moved is retitled and says so for a moment.
 */
import dynamic from 'next/dynamic';
import { useEffect, type ReactNode } from 'react';
import type { LanguageContext } from '../editor/language/language-context';
import type { ThreadsContext } from '../editor/threads/editor-threads';
import type { LibraryView, Reveal } from '../hooks/use-language';
import { describeNotice, isDeleted, isPassing, type OpenTab } from '../lib/open-tabs';
import type { SaveState } from '../lib/save-state';

const CollabEditor = dynamic(() => import('../editor/collab-editor'), {
  ssr: false,
  loading: () => <div className="editor-empty">Loading editor…</div>,
});
const LibraryViewer = dynamic(() => import('../editor/language/library-viewer'), {
  ssr: false,
  loading: () => <div className="editor-empty">Loading…</div>,
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
  tabs: OpenTab[];
  activeId: string | null;
  readOnly: boolean;
  /** `id`: keep this file in this browser (stored-document.ts) under this user. */
  user: { name: string; color: string; id?: string };
  saveStates: Record<string, SaveState>;
  /** Counts Ctrl/Cmd+S presses (every open file flushes). */
  saveRequest: number;
  onActivate(id: string): void;
  onClose(id: string): void;
  /** A rename or move notice has been shown long enough. */
  onSettle(id: string): void;
  onSaveState(id: string, state: SaveState): void;
  /** The comment threads to show on the files (issue 11). */
  threads?: ThreadsContext;
  /** Whose caret the file in front follows (username), if anyone's. */
  follow?: string | null;
  /** Between the tabs and the text: the breadcrumb and Run (editor-bar.tsx). */
  bar?: ReactNode;
  /** Python language intelligence (issue 13). */
  language?: LanguageContext;
  /** Where a definition led in a workspace file: that tab's editor shows the place. */
  reveal?: Reveal | null;
  /** A library file a definition led to, shown read-only in front of the tabs until closed. */
  library?: LibraryView | null;
  onCloseLibrary?(): void;
}

const NOTICE_MS = 6000;

export function EditorPane({ workspaceId, tabs, activeId, readOnly, user, saveStates, saveRequest, onActivate, onClose, onSettle, onSaveState, threads, follow, bar, language, reveal, library, onCloseLibrary }: Props) {
  const active = tabs.find((t) => t.id === activeId);
  const passing = active && isPassing(active.notice) ? active : null;
  useEffect(() => {
    if (!passing) return;
    const timer = setTimeout(() => onSettle(passing.id), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [passing, onSettle]);
  return (
    <>
      <nav className="editor-tabs" role="tablist" aria-label="Open files">
        {tabs.map(({ id, item, notice }) => {
          const gone = notice?.kind === 'deleted';
          return (
            <div key={id} role="tab" aria-selected={!library && id === activeId} className={`editor-tab ${!library && id === activeId ? 'active' : ''}${gone ? ' deleted' : ''}`}
              data-tab-path={item.path} title={notice ? `${item.path} — ${describeNotice(notice)}` : item.path} onClick={() => onActivate(id)} onAuxClick={(e) => e.button === 1 && onClose(id)}>
              <span className={`dot ${gone ? 'deleted' : (saveStates[id] ?? 'connecting')}`} title={gone ? 'Deleted' : saveLabel(saveStates[id])} />
              <span className="tab-name">{item.name}</span>
              {gone && <span className="tab-flag">deleted</span>}
              <button className="link" aria-label={`Close ${item.name}`} onClick={(e) => { e.stopPropagation(); onClose(id); }}>×</button>
            </div>
          );
        })}
        {library && (
          <div role="tab" aria-selected className="editor-tab active" data-tab-library={library.path} title={`${library.path} — a library file, read-only`}>
            <span className="tab-name">{library.path.slice(library.path.lastIndexOf('/') + 1)}</span>
            <span className="tab-flag">library</span>
            <button className="link" aria-label={`Close ${library.path}`} onClick={onCloseLibrary}>×</button>
          </div>
        )}
      </nav>
      {library ? (
        <div className="editor-bar">
          <span className="breadcrumb muted" data-testid="library-path">{library.path} — a library file, read-only</span>
        </div>
      ) : bar}
      <div className="editor-area">
        {active?.notice && (
          <div className={`tab-notice ${active.notice.kind}`} role={isDeleted(active) ? 'alert' : 'status'} data-testid="tab-notice">
            <span>{describeNotice(active.notice)}</span>
            <span className="spacer" />
            {isDeleted(active) ? <button type="button" className="link" onClick={() => onClose(active.id)}>Close tab</button>
              : <button type="button" className="link" aria-label="Dismiss" onClick={() => onSettle(active.id)}>×</button>}
          </div>
        )}
        {tabs.length === 0 && <div className="editor-empty">Open a file from the tree on the left.</div>}
        {tabs.map((t) => (
          <CollabEditor key={t.id} workspaceId={workspaceId} itemId={t.id} path={t.item.path} readOnly={readOnly || isDeleted(t)} visible={!library && t.id === activeId}
            gone={isDeleted(t)} user={user} saveRequest={saveRequest} onSaveState={(s) => onSaveState(t.id, s)} threads={threads} follow={follow}
            language={language} reveal={reveal?.itemId === t.id ? reveal : null} />
        ))}
        {library && language && <LibraryViewer client={language.client} path={library.path} place={library.place} />}
      </div>
    </>
  );
}
