'use client';
/**
 * Monaco bound to one file's Y.Text with y-monaco: everyone's edits, cursors and
 * selections, live. Loaded only in the browser (editor-pane.tsx, `ssr: false`).
 */
import { useEffect, useRef, useState } from 'react';
import { MonacoBinding } from 'y-monaco';
import { usePreferences } from '../lib/preferences-store';
import type { SaveState } from '../lib/save-state';
import { openCollabSession, type CollabSession } from './collab-session';
import { bindEditorPreferences, preferredEditorOptions } from './editor-preferences';
import type { LanguageContext, Place } from './language/language-context';
import { takeItemUri } from './language/model-uris';
import { languageFor } from './language-for';
import { monaco } from './monaco';
import { bindOwnUndo } from './own-undo';
import { remoteCursorStyles, type RemoteUser } from './remote-cursors';
import { followCursor } from './follow-cursor';
import { EditorThreads, type BoundEditor, type ThreadsContext } from './threads/editor-threads';
import { trimBindingChanges } from './trimmed-binding';

export interface CollabEditorProps {
  workspaceId: string;
  itemId: string;
  path: string;
  readOnly: boolean;
  visible: boolean;
  /** `id`: keep this file in this browser (stored-document.ts) under this user. */
  user: { name: string; color: string; id?: string };
  /** Counts Ctrl/Cmd+S presses: each change flushes this file's edits. Unset for a read-only view. */
  saveRequest?: number;
  onSaveState?(state: SaveState): void;
  /** What Monaco says when someone types into the read-only editor. */
  readOnlyMessage?: string;
  /**
   * The Monaco editor once it exists (null when it goes): for what draws over the text,
   * such as the review comment threads of part 2 (decorations, glyph-margin widgets).
   */
  onEditor?(editor: monaco.editor.IStandaloneCodeEditor | null): void;
  /** The comment threads to show on this file (issue 11); unset: none. */
  threads?: ThreadsContext;
  /** The username whose caret this editor's view keeps in sight while visible (following); unset: nobody. */
  follow?: string | null;
  /**
   * The file was deleted: the server has closed its document, so stop reconnecting and
   * keep the text as it was, read-only, until the tab closes.
   */
  gone?: boolean;
  /** Language intelligence for Python files (issue 13); unset: none (a review's read-only view). */
  language?: LanguageContext;
  /** Put the cursor here and show it (a definition in this file was gone to); `seq` tells requests apart. */
  reveal?: (Place & { seq: number }) | null;
}

type PythonModule = typeof import('./language/python-language');
let python: Promise<PythonModule | null> | null = null;
/**
 * Python's chunk (providers and the Monaco features they feed) must be there before the
 * editor is made: Monaco reads its features then. Offline and never fetched, the editor
 * comes without it.
 */
function loadPython(): Promise<PythonModule | null> {
  python ??= import('./language/python-language').catch((error: unknown) => {
    console.warn('Python language features could not load', error);
    python = null;
    return null;
  });
  return python;
}

const VIEWER_MESSAGE = 'You can read this workspace but not change it (viewer).';
const GONE_MESSAGE = 'This file was deleted: what you see is its last text, kept until you close the tab.';

export default function CollabEditor({ workspaceId, itemId, path, readOnly, visible, user, saveRequest = 0, onSaveState, readOnlyMessage, onEditor, threads, follow, gone = false, language, reveal }: CollabEditorProps) {
  const [bound, setBound] = useState<BoundEditor | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const vimStatus = useRef<HTMLDivElement>(null);
  const { vimMode } = usePreferences();
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const sessionRef = useRef<CollabSession | null>(null);
  const saveRef = useRef(onSaveState);
  saveRef.current = onSaveState;
  const editorCallback = useRef(onEditor);
  editorCallback.current = onEditor;
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;

  useEffect(() => {
    const session = openCollabSession(workspaceId, itemId, user, (s) => saveRef.current?.(s));
    sessionRef.current = session;
    const mount = (py: PythonModule | null): (() => void) => {
      const uri = language ? takeItemUri(itemId) : null;
      const model = monaco.editor.createModel('', languageFor(path), uri ?? undefined);
      const editor = monaco.editor.create(host.current!, {
        model,
        ...preferredEditorOptions(),
        readOnly: readOnlyRef.current,
        readOnlyMessage: { value: readOnlyMessage ?? VIEWER_MESSAGE },
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        renderWhitespace: 'selection',
        tabSize: 4,
      });
      editorRef.current = editor;
      const preferences = bindEditorPreferences(editor, vimStatus.current);
      const binding = new MonacoBinding(session.text, model, new Set([editor]), session.provider.awareness);
      const trimmed = trimBindingChanges(binding, model);
      const undo = bindOwnUndo(editor, binding, session.text);
      const detachPython = py && language
        ? py.attachPython({ ctx: language, itemId, doc: session.doc, text: session.text, model, editor, undo, canEdit: () => !readOnlyRef.current })
        : () => {};

      // Each remote client gets a colour and a name tag on its cursor (CSS per client id).
      const style = document.createElement('style');
      document.head.appendChild(style);
      const paintCursors = () => {
        const users: RemoteUser[] = [];
        session.provider.awareness.getStates().forEach((state, clientId) => {
          const u = state['user'] as { name?: unknown; color?: unknown } | undefined;
          if (clientId !== session.doc.clientID && typeof u?.name === 'string') {
            users.push({ clientId, name: u.name, color: typeof u.color === 'string' ? u.color : '#888' });
          }
        });
        style.textContent = remoteCursorStyles(users);
      };
      session.provider.awareness.on('change', paintCursors);
      editorCallback.current?.(editor);
      setBound({ editor, text: session.text, provider: session.provider, ownEdit: undo.ownEdit, whenSaved: session.whenSaved });

      return () => {
        setBound(null);
        editorCallback.current?.(null);
        session.provider.awareness.off('change', paintCursors);
        style.remove();
        detachPython();
        undo.destroy();
        trimmed.dispose();
        binding.destroy();
        preferences.dispose();
        editor.dispose();
        model.dispose();
        editorRef.current = null;
      };
    };

    const wantsPython = language !== undefined && languageFor(path) === 'python';
    let mounted: (() => void) | null = null;
    let cancelled = false;
    if (wantsPython) {
      void loadPython().then((py) => {
        if (!cancelled) mounted = mount(py);
      });
    } else mounted = mount(null);
    return () => {
      cancelled = true;
      mounted?.();
      session.destroy();
      sessionRef.current = null;
    };
    // The session lives as long as the tab; path and role changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workspaceId, itemId]);

  useEffect(() => editorRef.current?.updateOptions({ readOnly }), [readOnly]);
  useEffect(() => {
    if (!gone) return;
    sessionRef.current?.provider.disconnect();
    editorRef.current?.updateOptions({ readOnly: true, readOnlyMessage: { value: GONE_MESSAGE } });
  }, [gone]);
  useEffect(() => {
    if (saveRequest > 0) sessionRef.current?.flush();
  }, [saveRequest]);
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) monaco.editor.setModelLanguage(model, languageFor(path));
  }, [path]);
  useEffect(() => {
    if (visible) bound?.editor.focus();
  }, [visible, bound]);
  useEffect(() => {
    const session = sessionRef.current;
    if (!reveal || !bound || !session) return;
    // After the text is here (a tab that just opened has none until its first sync).
    const show = () => {
      const model = bound.editor.getModel();
      if (!model) return;
      const at = model.validatePosition(reveal);
      bound.editor.setPosition(at);
      bound.editor.revealPositionInCenterIfOutsideViewport(at);
      bound.editor.focus();
    };
    if (session.provider.synced) return show();
    const onSync = (synced: boolean) => synced && show();
    session.provider.once('sync', onSync);
    return () => session.provider.off('sync', onSync);
  }, [reveal, bound]);
  useEffect(() => {
    const session = sessionRef.current;
    if (!follow || !visible || !bound || !session) return;
    return followCursor(bound.editor, session.doc, session.provider, follow);
  }, [follow, visible, bound]);

  // Vim's status line (mode, pending keys) sits under the editor while vim mode is on.
  return (
    <>
      <div ref={host} data-editor-path={path} style={{ position: 'absolute', inset: vimMode ? '0 0 var(--vim-status-height) 0' : 0, display: visible ? 'block' : 'none' }}>
        {bound && threads && <EditorThreads bound={bound} itemId={itemId} ctx={threads} />}
      </div>
      <div ref={vimStatus} className="vim-status" data-vim-status={path} aria-label="Vim status" aria-live="polite"
        style={{ display: visible && vimMode ? 'block' : 'none' }} />
    </>
  );
}
