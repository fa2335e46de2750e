'use client';
/**
 * The workspace's files as the review sees them: live and read-only. The tree and who is
 * here come from `/ws` (watch-only for a reviewer), each file from `/sync` (as a viewer),
 * so the reviewer watches the author type, cursors and all, and the author sees where
 * the reviewer is. Part 2 hangs comment threads on the editor (`onEditor`).
 */
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useWorkspace } from '../hooks/use-workspace';
import { defaultFile } from '../lib/tree';
import type { Item, User } from '../lib/types';
import { userColor } from '../lib/user-color';
import { FileTree } from './file-tree';
import { PresenceBar } from './presence-bar';

const CollabEditor = dynamic(() => import('../editor/collab-editor'), {
  ssr: false,
  loading: () => <div className="editor-empty">Loading editor…</div>,
});

/** Refused for good (4403): a reviewer who may claim a queued review, or whose review has closed. */
const NO_ACCESS = "The files are open to the workspace's members, and to the reviewer while the review is open";

export function ReviewFiles({ workspaceId, user }: { workspaceId: string; user: User }) {
  const { items, presence, socket, problem, send } = useWorkspace(workspaceId);
  const [activeId, setActiveId] = useState<string | null>(null);
  const me = useMemo(() => ({ name: user.username, color: userColor(user.username) }), [user.username]);
  const active = items?.find((i) => i.id === activeId) ?? (items ? defaultFile(items, null) : undefined);

  const open = useCallback((item: Item) => setActiveId(item.id), []);
  useEffect(() => {
    if (socket === 'open') send({ type: 'presence.focus', itemId: active?.id ?? null });
  }, [active?.id, socket, send]);

  return (
    <div className="review-files">
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
              readOnlyMessage="Files are read-only on the review page." />
          ) : <div className="editor-empty">{items ? 'No file to show.' : 'Loading files…'}</div>}
        </div>
      </div>
    </div>
  );
}
