'use client';
/**
 * The workspace's files as the review sees them: live and read-only. The tree and who is
 * here come from `/ws` (watch-only for a reviewer), each file from `/sync` (as a viewer),
 * so the reviewer watches the author type, cursors and all, and the author sees where
 * the reviewer is. Part 2 hangs comment threads on the editor (`onEditor`).
 */
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Thread } from '@tandem/protocol';
import { useThreadStore } from '../hooks/use-thread-store';
import { useWorkspace } from '../hooks/use-workspace';
import { defaultFile } from '../lib/tree';
import type { Item, User } from '../lib/types';
import { userColor } from '../lib/user-color';
import { FileTree } from './file-tree';
import { PresenceBar } from './presence-bar';
import { ThreadsPanel } from './threads-panel';

const CollabEditor = dynamic(() => import('../editor/collab-editor'), {
  ssr: false,
  loading: () => <div className="editor-empty">Loading editor…</div>,
});

/** Refused for good (4403): a reviewer who may claim a queued review, or whose review has closed. */
const NO_ACCESS = "The files are open to the workspace's members, and to the reviewer while the review is open";

export function ReviewFiles({ workspaceId, reviewId, user }: { workspaceId: string; reviewId: string; user: User }) {
  const { items, presence, socket, problem, send, subscribe, role } = useWorkspace(workspaceId);
  const [activeId, setActiveId] = useState<string | null>(null);
  const me = useMemo(() => ({ name: user.username, color: userColor(user.username) }), [user.username]);
  const active = items?.find((i) => i.id === activeId) ?? (items ? defaultFile(items, null) : undefined);

  const open = useCallback((item: Item) => setActiveId(item.id), []);

  // The review's comment threads: the reviewer and the members comment here (no write access needed); a viewer reads.
  const threadStore = useThreadStore(workspaceId, reviewId, socket, subscribe);
  const threads = useMemo(
    () => ({ workspaceId, reviewId, store: threadStore, me: { id: user.id, username: user.username }, canComment: role === 'owner' || role === 'editor' || role === 'reviewer', canApply: false }),
    [workspaceId, reviewId, threadStore, user.id, user.username, role],
  );
  const jump = (thread: Thread) => {
    const item = items?.find((i) => i.id === thread.itemId);
    if (!item) return;
    setActiveId(item.id);
    threadStore.requestReveal(thread);
  };
  useEffect(() => {
    if (socket === 'open') send({ type: 'presence.focus', itemId: active?.id ?? null });
  }, [active?.id, socket, send]);

  return (
    <div className="review-files with-threads">
      {items ? <FileTree workspaceId={workspaceId} items={items} canEdit={false} activeId={active?.id ?? null} onOpen={open} />
        : <aside className="sidebar"><div className="sidebar-head">Files</div></aside>}
      <div className="review-editor">
        <div className="review-editor-head">
          <span>{active?.path ?? ''}</span>
          <span className="spacer" />
          <span className="muted">{socket === 'open' ? 'Live · read-only' : socket === 'closed' ? NO_ACCESS : problem ?? 'Connecting…'}</span>
          <PresenceBar users={presence} items={items ?? []} />
        </div>
        <div className="editor-area">
          {active ? (
            <CollabEditor key={active.id} workspaceId={workspaceId} itemId={active.id} path={active.path} readOnly visible user={me}
              readOnlyMessage="Files are read-only on the review page." threads={threads} />
          ) : <div className="editor-empty">{items ? 'No file to show.' : 'Loading files…'}</div>}
        </div>
      </div>
      <ThreadsPanel store={threadStore} userId={user.id} title="Review comments" onJump={jump} />
    </div>
  );
}
