'use client';
/**
 * The comment threads of one open file: the live layer (resolve + decorations per
 * frame), the widgets in view zones, the "Comment" action (Ctrl/Cmd+Alt+M, the context
 * menu, a click in the gutter), drafts of new threads brought back after a reload, and
 * the panel's jumps. Renders nothing itself: the widgets live in their zones.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { LineIndex, resolveAnchors } from '@tandem/anchors';
import type { Thread } from '@tandem/protocol';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { base64ToBytes } from '../../lib/base64-bytes';
import { threadApi } from '../../lib/thread-api';
import type { ThreadView } from '../../lib/thread-resolution';
import { zoneAfterLine } from '../../lib/thread-zone';
import { monaco } from '../monaco';
import { NewThreadWidget, type NewThread } from './new-thread-widget';
import { applySuggestionHere, selectedRange } from './thread-actions';
import { ThreadLayer, viewSignature } from './thread-layer';
import type { ThreadStore } from './thread-store';
import { ThreadWidget } from './thread-widget';
import { ThreadZones } from './thread-zones';

export interface BoundEditor {
  editor: monaco.editor.IStandaloneCodeEditor;
  text: Y.Text;
  provider: WebsocketProvider;
  ownEdit(change: () => void): void;
  whenSaved(timeoutMs: number): Promise<boolean>;
}

export interface ThreadsContext {
  workspaceId: string;
  reviewId: string | null;
  store: ThreadStore;
  me: { id: string; username: string };
  /** Owner, editor, the assigned reviewer: commenting needs no write access to the code. */
  canComment: boolean;
  /** Owner, editor: applying a suggestion writes the code. */
  canApply: boolean;
}

export function EditorThreads({ bound, itemId, ctx }: { bound: BoundEditor; itemId: string; ctx: ThreadsContext }) {
  const { editor, text, provider } = bound;
  const { store, workspaceId } = ctx;
  const threads = useSyncExternalStore(store.subscribe, store.snapshot, store.snapshot);
  const [views, setViews] = useState<ThreadView[]>([]);
  const [opened, setOpened] = useState<Record<string, boolean>>({});
  const [composer, setComposer] = useState<NewThread | null>(null);
  const [focus, setFocus] = useState<{ id: string; n: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const layer = useMemo(() => new ThreadLayer({ editor, text, itemId, isSynced: () => provider.synced }), [editor, text, itemId, provider]);
  const zones = useMemo(() => new ThreadZones(editor), [editor]);
  useEffect(() => () => { layer.destroy(); zones.destroy(); }, [layer, zones]);

  useEffect(() => layer.setThreads(threads), [layer, threads]);
  useEffect(() => {
    provider.on('sync', layer.schedule);
    return () => provider.off('sync', layer.schedule);
  }, [provider, layer]);
  useEffect(
    () =>
      layer.onViews((v) => {
        setViews(v);
        store.setLive(v.map((x) => ({ id: x.thread.id, state: x.state, line: x.range?.startLineNumber ?? null })));
        // For the tests (and a look in devtools): the lines Monaco has the highlights on now.
        editor.getContainerDomNode().dataset['threadHighlights'] = layer.highlightRanges().map((r) => `${r.startLineNumber}:${r.startColumn}-${r.endLineNumber}:${r.endColumn}`).join(',');
      }),
    [layer, editor, store],
  );

  // A new thread being written before the reload comes back where it was (once the text synced).
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || composer || !provider.synced || !store.draftsLoaded) return;
    restored.current = true;
    const draft = store.draftsWithPrefix(`new:${itemId}:`)[0];
    if (!draft?.range || !('start' in draft.range)) return;
    const place = draftPlace(text, draft.range);
    if (place) setComposer({ draftKey: draft.key, range: draft.range, ...place });
  }, [threads, views, composer, store, itemId, text, provider]);

  // Start a thread: the selection, or the line the gutter was clicked on.
  const startThread = useMemo(
    () => () => {
      try {
        const sel = selectedRange(editor, text);
        if (!sel) return setProblem('Select some code to comment on.');
        setProblem(null);
        setComposer({ draftKey: `new:${itemId}:${crypto.randomUUID()}`, range: sel.range, quote: sel.quote, endLine: sel.endLine });
      } catch (e) {
        setProblem(e instanceof Error ? e.message : String(e));
      }
    },
    [editor, text, itemId],
  );
  useEffect(() => {
    if (!ctx.canComment) return;
    const action = editor.addAction({
      id: 'tandem.comment',
      label: 'Comment',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Alt | monaco.KeyCode.KeyM],
      contextMenuGroupId: 'navigation',
      contextMenuOrder: 0,
      run: startThread,
    });
    return () => action.dispose();
  }, [editor, ctx.canComment, startThread]);
  useEffect(() => {
    const sub = editor.onMouseDown((e) => {
      if (e.target.type !== monaco.editor.MouseTargetType.GUTTER_LINE_DECORATIONS || !e.target.position) return;
      const line = e.target.position.lineNumber;
      const here = layer.current().filter((v) => v.range && v.range.startLineNumber <= line && line <= (v.endLine ?? 0));
      if (here.length > 0) {
        setOpened((o) => ({ ...o, ...Object.fromEntries(here.map((v) => [v.thread.id, !isOpen(v, o)])) }));
      } else if (ctx.canComment) {
        editor.setSelection(new monaco.Selection(line, 1, line, 1));
        startThread();
      }
    });
    return () => sub.dispose();
  }, [editor, layer, ctx.canComment, startThread]);

  // The panel's jump: this file's editor reveals the thread and opens it.
  const reveal = store.reveal;
  useEffect(() => {
    if (!reveal || reveal.itemId !== itemId) return;
    const view = views.find((v) => v.thread.id === reveal.threadId);
    if (!view) return;
    setOpened((o) => ({ ...o, [view.thread.id]: true }));
    editor.revealLineInCenter(Math.max(1, zoneAfterLine(view) ?? 1));
    setFocus({ id: view.thread.id, n: reveal.seq });
  }, [reveal, views, itemId, editor]);

  const applyCtx = { workspaceId, itemId, text, ownEdit: bound.ownEdit, whenSaved: bound.whenSaved };
  const onApply = async (thread: Thread, commentId: string, force: boolean) => {
    const comment = thread.comments.find((c) => c.id === commentId)!;
    store.upsert(await applySuggestionHere(applyCtx, thread, comment, force));
  };
  const onAttachHere = async (thread: Thread) => {
    const sel = selectedRange(editor, text);
    if (!sel) throw new Error('Select the code to attach the comment to.');
    store.upsert(await threadApi.update(workspaceId, thread.id, { range: sel.range }));
  };

  useEffect(() => {
    const entries = views
      .filter((v) => isOpen(v, opened) && zoneAfterLine(v) !== null)
      .map((v) => ({
        key: v.thread.id,
        afterLine: zoneAfterLine(v)!,
        version: `${viewSignature(v)}:${focus?.id === v.thread.id ? focus.n : ''}:${ctx.canComment}:${ctx.canApply}`,
        render: (
          <ThreadWidget view={v} workspaceId={workspaceId} store={store} me={ctx.me} canComment={ctx.canComment} canApply={ctx.canApply}
            focus={focus?.id === v.thread.id ? focus.n : undefined} onClose={() => { setOpened((o) => ({ ...o, [v.thread.id]: false })); editor.focus(); }}
            onApply={onApply} onAttachHere={onAttachHere} />
        ),
      }));
    if (composer) {
      entries.push({
        key: composer.draftKey,
        afterLine: composer.endLine,
        version: composer.draftKey,
        render: (
          <NewThreadWidget draft={composer} workspaceId={workspaceId} itemId={itemId} reviewId={ctx.reviewId} store={store}
            onDone={(t) => {
              if (!t) store.dropDraft(composer.draftKey, true);
              setComposer(null);
              if (t) setOpened((o) => ({ ...o, [t.id]: true }));
              editor.focus();
            }} />
        ),
      });
    }
    if (problem) entries.push({ key: 'problem', afterLine: editor.getPosition()?.lineNumber ?? 1, version: problem, render: <p className="thread-problem" role="alert" onClick={() => setProblem(null)}>{problem}</p> });
    zones.sync(entries);
  });

  return null;
}

/** Where a new thread's draft sits now: its quote and its end line (null if its code is gone). */
function draftPlace(text: Y.Text, range: { start: string; end: string }): { quote: string; endLine: number } | null {
  const [r] = resolveAnchors(text, [{ start: base64ToBytes(range.start), end: base64ToBytes(range.end), quote: '' }], { synced: true });
  if (!r || r.from === null || r.to === null || r.from >= r.to) return null;
  const content = text.toString();
  return { quote: content.slice(r.from, r.to), endLine: new LineIndex(content).endLine(r.from, r.to) };
}

/** Unresolved threads are open until closed; resolved ones are collapsed to their glyph until opened. */
function isOpen(view: ThreadView, opened: Record<string, boolean>): boolean {
  return opened[view.thread.id] ?? !view.thread.resolved;
}
