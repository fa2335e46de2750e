'use client';
/**
 * One workspace: the file tree on the left, the open files in the middle, the
 * terminals below, who is here at the top. Addressed as /workspace?id=<id>&file=<path>
 * (a static export has no dynamic route segments). The sidebar and the terminal panel
 * are resized by their dividers and folded away (sizes in localStorage,
 * hooks/use-panel-layout.ts); under 640 px wide the panels stack instead.
 */
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useIdeShortcuts } from '../hooks/use-ide-shortcuts';
import { useLanguage } from '../hooks/use-language';
import { usePanelLayout } from '../hooks/use-panel-layout';
import { useSaveShortcut } from '../hooks/use-save-shortcut';
import { useOpenTabs } from '../hooks/use-open-tabs';
import { useSession } from '../hooks/use-session';
import { useThreadStore } from '../hooks/use-thread-store';
import { useWorkspace } from '../hooks/use-workspace';
import { api } from '../lib/api';
import { followKey } from '../lib/follow';
import { runCommandFor } from '../lib/run-command';
import { registerServiceWorker } from '../lib/service-worker';
import { activeTab, isDeleted } from '../lib/open-tabs';
import { editsStuckInBrowser, type SaveState } from '../lib/save-state';
import { settingsApi } from '../lib/settings-api';
import { defaultFile } from '../lib/tree';
import { DEFAULT_RUN_COMMANDS, type PresenceUser, type Thread } from '@tandem/protocol';
import type { Item, User, Workspace } from '../lib/types';
import { userColor } from '../lib/user-color';
import { TerminalPanel, type RunRequest } from '../terminal/terminal-panel';
import { LanguageStatus } from '../editor/language/language-status';
import { isPythonPath } from '../editor/language/status-label';
import { ConnectionStatus } from './connection-status';
import { EditorBar, runBlockedReason } from './editor-bar';
import { EditorPane, preloadEditor, saveLabel } from './editor-pane';
import { FileTree } from './file-tree';
import { PanelDivider } from './panel-divider';
import { FollowIndicator, PresenceBar, PresenceList } from './presence-bar';
import { ThreadsPanel } from './threads-panel';
import { TopBar } from './top-bar';
import { DownloadLinks } from './workspace-archive-actions';
import { WorkspaceReviewBar } from './workspace-review-bar';

export function WorkspaceView() {
  const params = useSearchParams();
  const id = params.get('id') ?? '';
  const { user, error, signOut } = useSession();
  // The app shell is kept (web/public/sw.js), so this page opens offline next time.
  useEffect(() => registerServiceWorker(), []);
  useEffect(preloadEditor, []);
  if (!id) return <div className="page">No workspace given. <a href="/">Back to your workspaces</a></div>;
  if (!user) return <div className="page muted">{error ?? 'Loading…'}</div>;
  return <OpenWorkspace key={id} id={id} user={user} signOut={signOut} initialPath={params.get('file')} />;
}

function OpenWorkspace({ id, user, signOut, initialPath }: { id: string; user: User; signOut(): void; initialPath: string | null }) {
  const router = useRouter();
  const live = useWorkspace(id, user.id);
  const { items, fresh, role, presence, env, socket, problem, send, subscribe } = live;
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [saveStates, setSaveStates] = useState<Record<string, SaveState>>({});
  const me = useMemo(() => ({ id: user.id, name: user.username, color: userColor(user.username) }), [user.id, user.username]);

  useEffect(() => void api.getWorkspace(id).then(setWorkspace, () => undefined), [id]);

  const byId = useMemo(() => new Map((items ?? []).map((i) => [i.id, i])), [items]);
  // A tab outlives its file when someone else deletes it (read-only, saying so): lib/open-tabs.ts.
  const { tabs, open: openTab, close, settle } = useOpenTabs(items, subscribe, user.id);
  const active = activeTab(tabs, activeId);
  const activeEntry = tabs.find((t) => t.id === active);
  const activeItem = activeEntry?.item;
  const activeGone = activeEntry ? isDeleted(activeEntry) : false;

  const open = useCallback((item: Item) => {
    openTab(item);
    setActiveId(item.id);
  }, [openTab]);

  // Python: completion, diagnostics, definitions into other tabs or library files (issue 13).
  const language = useLanguage(id, send, subscribe, socket, byId, open);
  const { closeLibrary } = language;
  const activate = useCallback((itemId: string) => {
    closeLibrary();
    setActiveId(itemId);
  }, [closeLibrary]);
  const openFromTree = useCallback((item: Item) => {
    closeLibrary();
    open(item);
  }, [closeLibrary, open]);

  // The file from the address opens once the tree is known; the first visible (not dot-) file otherwise.
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (!items || opened) return;
    const first = defaultFile(items, initialPath);
    // A cached tree (lib/offline-cache.ts) may predate the file asked for, or hold an older file
    // at its path: online, the server's tree decides; offline, the cache is all there is.
    if (!fresh && navigator.onLine) return;
    setOpened(true);
    if (first) open(first);
  }, [items, fresh, opened, initialPath, open]);

  // Keep the address and everyone's presence in step with the file in front.
  const activePath = activeItem?.path ?? null;
  useEffect(() => {
    if (!opened) return;
    const query = new URLSearchParams({ id });
    if (activePath) query.set('file', activePath);
    router.replace(`/workspace?${query}`, { scroll: false });
  }, [id, activePath, opened, router]);
  useEffect(() => {
    if (socket === 'open') send({ type: 'presence.focus', itemId: activeGone ? null : active });
  }, [active, activeGone, socket, send]);

  // Edits the server could not take yet live only in this page: ask before it goes.
  // (Open tabs only: a closed tab's edits, or a deleted file's, can no longer reach the server.)
  const stuck = tabs.some((t) => !isDeleted(t) && editsStuckInBrowser(saveStates[t.id]));
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

  const layout = usePanelLayout();

  // Run: the workspace's command for the file in front, typed into the Run terminal.
  const [runCommands, setRunCommands] = useState<Record<string, string>>(DEFAULT_RUN_COMMANDS);
  useEffect(() => void settingsApi.get(id).then((s) => setRunCommands(s.settings.runCommands), () => undefined), [id]);
  const runBlocked = runBlockedReason(activePath, canEdit, role, runCommands);
  const [runRequest, setRunRequest] = useState<RunRequest | null>(null);
  const run = () => {
    if (!activePath || !canEdit) return;
    const path = activePath;
    // Read again at each press: the owner may have changed the commands since the page loaded.
    void settingsApi.get(id).then((s) => s.settings.runCommands, () => runCommands).then((commands) => {
      setRunCommands(commands);
      const command = runCommandFor(path, commands);
      if (!command) return;
      layout.showTerminal();
      setRunRequest((r) => ({ command, seq: (r?.seq ?? 0) + 1 }));
    });
  };
  useIdeShortcuts({ toggleTerminal: layout.toggleTerminal, run });

  // Following someone: their file opens here, and the editor keeps their caret in view, until a key is pressed.
  const [following, setFollowing] = useState<string | null>(null);
  const followed = following ? presence.find((u) => u.username === following) : undefined;
  const follow = (u: PresenceUser) => setFollowing((f) => (f === u.username || u.userId === user.id ? null : u.username));
  useEffect(() => {
    if (following && presence.length > 0 && !followed) setFollowing(null); // They left.
  }, [following, followed, presence.length]);
  const followedItem = followed?.itemId ? byId.get(followed.itemId) : undefined;
  useEffect(() => {
    if (followedItem?.type === 'file') open(followedItem);
  }, [followedItem, open]);
  useEffect(() => {
    if (!following) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const what = followKey(event);
      if (what === 'keep') return;
      if (what === 'stop-consume') {
        event.preventDefault();
        event.stopPropagation();
      }
      setFollowing(null);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [following]);

  return (
    <div className="ide">
      <TopBar user={user} onSignOut={signOut} right={<PresenceBar users={presence} items={items ?? []} selfId={user.id} following={following} onFollow={follow} />}>
        <span className="muted">/</span>
        <strong>{workspace?.name ?? '…'}</strong>
        {role && <span className="badge" data-role={role}>{role}</span>}
        <WorkspaceReviewBar workspaceId={id} role={role ?? workspace?.role ?? null} selfId={user.id} />
        <button type="button" className="link" aria-pressed={layout.sidebarOpen} aria-controls="sidebar-panel" onClick={layout.toggleSidebar}>Files</button>
        <button type="button" className="link" aria-pressed={showThreads} onClick={() => setShowThreads((v) => !v)}>Comments</button>
        <DownloadLinks workspaceId={id} />
      </TopBar>
      <div className={`ide-body${showThreads ? ' with-threads' : ''}`}>
        {layout.sidebarOpen && (
          <div id="sidebar-panel" className="side-panel" style={{ width: layout.sidebarWidth }}>
            {items ? <FileTree workspaceId={id} items={items} canEdit={canEdit} activeId={active} onOpen={openFromTree} /> : <aside className="sidebar"><div className="sidebar-head">Files</div></aside>}
            <PresenceList users={presence} items={items ?? []} selfId={user.id} following={following} onFollow={follow} />
          </div>
        )}
        {layout.sidebarOpen && (
          <PanelDivider label="Resize the sidebar" orientation="vertical" controls="sidebar-panel" size={layout.sidebarWidth} limits={layout.sidebarLimits}
            onSize={layout.setSidebarWidth} onToggle={layout.toggleSidebar} />
        )}
        <div className="main">
          <div className="editor-column">
            {following && <FollowIndicator username={following} onStop={() => setFollowing(null)} />}
            {role ? (
              <EditorPane workspaceId={id} tabs={tabs} activeId={active} readOnly={!canEdit} user={me} saveStates={saveStates} saveRequest={saveRequest}
                onActivate={activate} onClose={close} onSettle={settle} onSaveState={(itemId, s) => setSaveStates((all) => (all[itemId] === s ? all : { ...all, [itemId]: s }))} threads={threads}
                follow={following} language={language.ctx} reveal={language.reveal} library={language.library} onCloseLibrary={closeLibrary}
                bar={<EditorBar workspaceId={id} path={activePath} runBlocked={runBlocked} canConfigure={role === 'owner'} commands={runCommands} onRun={run} onCommands={setRunCommands} />} />
            ) : <div className="editor-empty">{problem ?? 'Connecting…'}</div>}
          </div>
          {layout.terminalOpen && (
            <PanelDivider label="Resize the terminal panel" orientation="horizontal" controls="terminal-panel" size={layout.terminalHeight} limits={layout.terminalLimits}
              onSize={layout.setTerminalHeight} onToggle={layout.toggleTerminal} />
          )}
          <TerminalPanel workspaceId={id} open={socket === 'open'} canEdit={canEdit} env={env} send={send} subscribe={subscribe}
            height={layout.terminalHeight} collapsed={!layout.terminalOpen} onToggle={layout.toggleTerminal} run={runRequest} />
          <footer className="statusbar">
            <ConnectionStatus socket={socket} problem={problem} activeItemId={active} />
            {activeItem && <span data-testid="save-state" className={confirming ? 'save-confirm' : undefined} aria-live="polite"><span className={`dot ${saveStates[activeItem.id] ?? 'connecting'}`} />{activeGone ? 'Deleted — read-only' : canEdit || editsStuckInBrowser(saveStates[activeItem.id]) ? saveLabel(saveStates[activeItem.id]) : 'Read-only'}</span>}
            {activeItem && <span>{activeItem.path}</span>}
            {activeItem && !activeGone && isPythonPath(activeItem.path) && <LanguageStatus client={language.ctx.client} />}
            <span className="spacer" />
            <span>{presence.length} here</span>
          </footer>
        </div>
        {showThreads && <ThreadsPanel store={threadStore} userId={user.id} title="Comments" onJump={jump} />}
      </div>
    </div>
  );
}
