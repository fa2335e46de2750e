'use client';
/**
 * The workspace's files: open, create, rename, move (drag onto a folder, or "Move
 * to"), delete. Changes go to the HTTP API; the tree itself only redraws from `/ws`
 * `tree` events, so it shows what the server has, including files commands create.
 */
import { useMemo, useState, type DragEvent, type FormEvent } from 'react';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';
import { buildTree, canMoveInto, moveTargets, type TreeNode } from '../lib/tree';
import type { Item } from '../lib/types';

interface Props {
  workspaceId: string;
  items: Item[];
  canEdit: boolean;
  activeId: string | null;
  onOpen(item: Item): void;
}

type Editing = { kind: 'new'; type: Item['type']; parentId: string | null } | { kind: 'rename'; id: string } | { kind: 'move'; id: string };

const DRAG_TYPE = 'application/x-tandem-item';

export function FileTree({ workspaceId, items, canEdit, activeId, onOpen }: Props) {
  const tree = useMemo(() => buildTree(items), [items]);
  const byId = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [selectedFolder, setSelectedFolder] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      setEditing(null);
    } catch (err) {
      setError(describeError(err));
    }
  };

  const submitName = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name')).trim();
    if (!editing || !name) return setEditing(null);
    if (editing.kind === 'new') {
      void run(async () => {
        const item = await api.createItem(workspaceId, editing.parentId, name, editing.type);
        if (item.type === 'file') onOpen(item);
      });
    } else if (editing.kind === 'rename') void run(() => api.updateItem(workspaceId, editing.id, { name }));
  };

  const move = (item: Item, parentId: string | null) => void run(() => api.updateItem(workspaceId, item.id, { parentId }));
  const startNew = (type: Item['type']) => {
    const parentId = selectedFolder && byId.has(selectedFolder) ? selectedFolder : null;
    if (parentId) setCollapsed((c) => new Set([...c].filter((id) => id !== parentId)));
    setEditing({ kind: 'new', type, parentId });
  };

  const dropHandlers = (folder: Item | null) => ({
    onDragOver(event: DragEvent) {
      if (!canEdit || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
      event.preventDefault();
      event.stopPropagation();
      setDropTarget(folder?.id ?? 'root');
    },
    onDragLeave: () => setDropTarget(null),
    onDrop(event: DragEvent) {
      event.preventDefault();
      event.stopPropagation();
      setDropTarget(null);
      const dragged = byId.get(event.dataTransfer.getData(DRAG_TYPE));
      if (dragged && canMoveInto(dragged, folder)) move(dragged, folder?.id ?? null);
    },
  });

  const nameForm = (defaultValue: string, label: string) => (
    <form onSubmit={submitName} style={{ flex: 1 }}>
      <input name="name" defaultValue={defaultValue} aria-label={label} autoFocus onBlur={() => setEditing(null)}
        onKeyDown={(e) => e.key === 'Escape' && setEditing(null)} />
    </form>
  );

  const newRow = (parentId: string | null, depth: number) =>
    editing?.kind === 'new' && editing.parentId === parentId && (
      <div className="tree-row" style={{ paddingLeft: 8 + depth * 14 }}>
        <span className="icon">{editing.type === 'folder' ? '▸' : '·'}</span>
        {nameForm('', editing.type === 'folder' ? 'New folder name' : 'New file name')}
      </div>
    );

  const renderNode = (node: TreeNode, depth: number) => {
    const { item } = node;
    const isFolder = item.type === 'folder';
    const open = isFolder && !collapsed.has(item.id);
    const onClick = () => {
      if (isFolder) {
        setSelectedFolder(item.id);
        setCollapsed((c) => (c.has(item.id) ? new Set([...c].filter((id) => id !== item.id)) : new Set([...c, item.id])));
      } else {
        setSelectedFolder(item.parentId);
        onOpen(item);
      }
    };
    const classes = ['tree-row', item.id === activeId ? 'active' : '', dropTarget === item.id ? 'drop' : ''].join(' ');
    return (
      <div key={item.id}>
        <div className={classes} style={{ paddingLeft: 8 + depth * 14 }} data-path={item.path} role="treeitem" aria-expanded={isFolder ? open : undefined}
          draggable={canEdit} onDragStart={(e) => e.dataTransfer.setData(DRAG_TYPE, item.id)} {...(isFolder ? dropHandlers(item) : {})}
          onClick={(e) => {
            e.stopPropagation();
            if (!editing) onClick();
          }}>
          <span className="icon">{isFolder ? (open ? '▾' : '▸') : '·'}</span>
          {editing?.kind === 'rename' && editing.id === item.id ? nameForm(item.name, `Rename ${item.name}`) : editing?.kind === 'move' && editing.id === item.id ? (
            <select autoFocus aria-label={`Move ${item.name} to`} defaultValue="" onClick={(e) => e.stopPropagation()} onBlur={() => setEditing(null)}
              onChange={(e) => move(item, e.target.value === '/' ? null : e.target.value)}>
              <option value="" disabled>Move {item.name} to…</option>
              {moveTargets(items, item).map((t) => <option key={t?.id ?? '/'} value={t?.id ?? '/'}>{t ? t.path : '/ (top level)'}</option>)}
            </select>
          ) : <span className="name" title={item.path}>{item.name}</span>}
          {canEdit && !editing && (
            <span className="actions" onClick={(e) => e.stopPropagation()}>
              <button className="link" title="Rename" aria-label={`Rename ${item.name}`} onClick={() => setEditing({ kind: 'rename', id: item.id })}>✎</button>
              <button className="link" title="Move to…" aria-label={`Move ${item.name}`} onClick={() => setEditing({ kind: 'move', id: item.id })}>⇄</button>
              <button className="link danger" title="Delete" aria-label={`Delete ${item.name}`}
                onClick={() => confirm(`Delete ${item.path}${isFolder ? ' and everything in it' : ''}?`) && void run(() => api.deleteItem(workspaceId, item.id))}>✕</button>
            </span>
          )}
        </div>
        {open && (
          <>
            {newRow(item.id, depth + 1)}
            {node.children.map((c) => renderNode(c, depth + 1))}
          </>
        )}
      </div>
    );
  };

  return (
    <aside className="sidebar">
      <div className="sidebar-head">
        <span>Files</span>
        <span className="spacer" />
        {canEdit && (
          <>
            <button className="link" title="New file" aria-label="New file" onClick={() => startNew('file')}>+ file</button>
            <button className="link" title="New folder" aria-label="New folder" onClick={() => startNew('folder')}>+ folder</button>
          </>
        )}
      </div>
      {error && <div className="error" role="alert" style={{ padding: '0 8px', fontSize: 12 }}>{error}</div>}
      <div className={`tree ${dropTarget === 'root' ? 'drop' : ''}`} role="tree" {...dropHandlers(null)} onClick={() => setSelectedFolder(null)}>
        {newRow(null, 0)}
        {tree.map((n) => renderNode(n, 0))}
      </div>
    </aside>
  );
}
