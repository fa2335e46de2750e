'use client';
/**
 * One workspace: the file tree on the left, the open files in the middle, the
 * terminals below, who is here at the top. Addressed as /workspace?id=<id>&file=<path>
 * (a static export has no dynamic route segments).
 */
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSaveShortcut } from '../hooks/use-save-shortcut';
import { useSession } from '../hooks/use-session';
import { useThreadStore } from '../hooks/use-thread-store';
import { useWorkspace } from '../hooks/use-workspace';
import { api } from '../lib/api';
import { editsStuckInBrowser, type SaveState } from '../lib/save-state';
import { defaultFile } from '../lib/tree';
import type { Thread } from '@tandem/protocol';
import type { Item, User, Workspace } from '../lib/types';
import { userColor } from '../lib/user-color';
import { TerminalPanel } from '../terminal/terminal-panel';
import { EditorPane, preloadEditor, saveLabel } from './editor-pane';
import { FileTree } from './file-tree';
import { PresenceBar } from './presence-bar';
import { ThreadsPanel } from './threads-panel';
import { TopBar } from './top-bar';
import { WorkspaceReviewBar } from './workspace-review-bar';

export function WorkspaceView() {
  const params = useSearchParams();
  const id = params.get('id') ?? '';
  const { user, error, signOut } = useSession();
  useEffect(preloadEditor, []);
  if (!id) return <div className="page">No workspace given. <a href="/">Back to your workspaces</a></div>;
  if (!user) return <div className="page muted">{error ?? 'Loading…'}</div>;
  return <OpenWorkspace key={id} id={id} user={user} signOut={signOut} initialPath={params.get('file')} />;
}

function OpenWorkspace({ id, user, signOut, initialPath }: { id: string; user: User; signOut(): void; initialPath: string | null }) {
  const router = useRouter();
  const live = useWorkspace(id);
  const { items, role, presence, env, socket, problem, send, subscribe } = live;
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const [openIds, setOpenIds] = useState<string[]>([]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [saveStates, setSaveStates] = useState<Record<string, SaveState>>({});
  const me = useMemo(() => ({ name: user.username, color: userColor(user.username) }), [user.username]);

  useEffect(() => void api.getWorkspace(id).then(setWorkspace, () => undefined), [id]);

  const byId = useMemo(() => new Map((items ?? []).map((i) => [i.id, i])), [items]);
  const tabs = openIds.map((t) => byId.get(t)).filter((t): t is Item => t !== undefined);
  const active = activeId && byId.has(activeId) ? activeId : (tabs[tabs.length - 1]?.id ?? null);
  const activeItem = active ? byId.get(active) : undefined;

  const open = useCallback((item: Item) => {
    setOpenIds((ids) => (ids.includes(item.id) ? ids : [...ids, item.id]));
    setActiveId(item.id);
  }, []);

  // The file from the address opens once the tree is known; the first visible (not dot-) file otherwise.
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (!items || opened) return;
    setOpened(true);
    const first = defaultFile(items, initialPath);
    if (first) open(first);
  }, [items, opened, initialPath, open]);

  // Keep the address and everyone's presence in step with the file in front.
  const activePath = activeItem?.path ?? null;
  useEffect(() => {
    if (!opened) return;
    const query = new URLSearchParams({ id });
    if (activePath) query.set('file', activePath);
    router.replace(`/workspace?${query}`, { scroll: false });
  }, [id, activePath, opened, router]);
  useEffect(() => {
    if (socket === 'open') send({ type: 'presence.focus', itemId: active });
  }, [active, socket, send]);

  // Edits the server could not take yet live only in this page: ask before it goes.
  const stuck = Object.values(saveStates).some(editsStuckInBrowser);
  useEffect(() => {
    if (!stuck) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [stuck]);

  // Ctrl/Cmd+S: no "Save page as"; flush every open file and point at the save state.
  const [saveRequest, setSaveRequest] = useState(0);
  useSaveShortcut(() => setSaveRequest((n) => n + 1));
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (saveRequest === 0) return;
    setConfirming(true);
    const done = setTimeout(() => setConfirming(false), 1500);
    return () => clearTimeout(done);
  }, [saveRequest]);

  const close = (itemId: string) => setOpenIds((ids) => ids.filter((x) => x !== itemId));
  // A reviewer (role 'reviewer', or a viewer) reads: no editing, no terminal input.
  const canEdit = role === 'owner' || role === 'editor';

  // Comment threads: a reviewer comments too (that needs no write access to the code); a viewer reads them.
  const threadStore = useThreadStore(id, null, socket, subscribe);
  const threads = useMemo(
    () => ({ workspaceId: id, reviewId: null, store: threadStore, me: { id: user.id, username: user.username }, canComment: canEdit || role === 'reviewer', canApply: canEdit }),
    [id, threadStore, user.id, user.username, canEdit, role],
  );
  const [showThreads, setShowThreads] = useState(true);
  const jump = (thread: Thread) => {
    const item = byId.get(thread.itemId);
    if (!item) return;
    open(item);
    threadStore.requestReveal(thread);
  };

  return (
    <div className="ide">
      <TopBar user={user} onSignOut={signOut} right={<PresenceBar users={presence} items={items ?? []} />}>
        <span className="muted">/</span>
        <strong>{workspace?.name ?? '…'}</strong>
        {role && <span className="badge" data-role={role}>{role}</span>}
        <WorkspaceReviewBar workspaceId={id} role={role ?? workspace?.role ?? null} selfId={user.id} />
        <button type="button" className="link" aria-pressed={showThreads} onClick={() => setShowThreads((v) => !v)}>Comments</button>
      </TopBar>
      <div className={`ide-body${showThreads ? ' with-threads' : ''}`}>
        {items ? <FileTree workspaceId={id} items={items} canEdit={canEdit} activeId={active} onOpen={open} /> : <aside className="sidebar"><div className="sidebar-head">Files</div></aside>}
        <div className="main">
          <div className="editor-column">
            {role ? (
              <EditorPane workspaceId={id} tabs={tabs} activeId={active} readOnly={!canEdit} user={me} saveStates={saveStates} saveRequest={saveRequest}
                onActivate={setActiveId} onClose={close} onSaveState={(itemId, s) => setSaveStates((all) => (all[itemId] === s ? all : { ...all, [itemId]: s }))} threads={threads} />
            ) : <div className="editor-empty" style={{ gridRow: 'span 2' }}>{problem ?? 'Connecting…'}</div>}
          </div>
          <TerminalPanel open={socket === 'open'} canEdit={canEdit} env={env} send={send} subscribe={subscribe} />
          <footer className="statusbar">
            <span data-testid="connection"><span className={`dot ${socket}`} />{socket === 'open' ? 'Connected' : problem ?? 'Connecting…'}</span>
            {activeItem && <span data-testid="save-state" className={confirming ? 'save-confirm' : undefined} aria-live="polite"><span className={`dot ${saveStates[activeItem.id] ?? 'connecting'}`} />{canEdit ? saveLabel(saveStates[activeItem.id]) : 'Read-only'}</span>}
            {activeItem && <span>{activeItem.path}</span>}
            <span className="spacer" />
            <span>{presence.length} here</span>
          </footer>
        </div>
        {showThreads && <ThreadsPanel store={threadStore} userId={user.id} title="Comments" onJump={jump} />}
      </div>
    </div>
  );
}
