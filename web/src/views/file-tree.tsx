'use client';
/**
 * The workspace's files as a WAI-ARIA tree that works by keyboard as well as by mouse
 * (lib/tree-keys.ts), with multi-select (lib/tree-selection.ts), a context menu, drag
 * and drop, and cut and paste to move. Changes go to the HTTP API; the tree itself only
 * redraws from `/ws` `tree` events, so it shows what the server has, including files
 * commands create. Someone who may only read can move around, open, copy paths and
 * download; the changing actions are not offered (and the server refuses them anyway).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { buildTree } from '../lib/tree';
import { isFocusTreeShortcut, treeKeyAction, typeAhead, visibleRows, type TypeAhead } from '../lib/tree-keys';
import { actionTargets, emptySelection, folderOf, isNoMove, moveRefusal, pruneSelection, selectOne, selectRange, toggleOne, topLevel, type Selection } from '../lib/tree-selection';
import type { Item } from '../lib/types';
import { ContextMenu } from './tree/context-menu';
import { DeleteDialog } from './tree/delete-dialog';
import { MoveField, NameField } from './tree/inline-fields';
import * as actions from './tree/tree-actions';
import { NewItemRow, TreeItemView, type TreeItemContext } from './tree/tree-item';
import { treeMenuEntries } from './tree/tree-menu';
import { useTreeDrag } from './tree/use-tree-drag';
import { useTreeStatus } from './tree/use-tree-status';

interface Props {
  workspaceId: string;
  items: Item[];
  canEdit: boolean;
  activeId: string | null;
  onOpen(item: Item): void;
}

type Editing = { kind: 'new'; type: Item['type']; parentId: string | null } | { kind: 'rename'; id: string } | { kind: 'move'; id: string };

export function FileTree({ workspaceId, items, canEdit, activeId, onOpen }: Props) {
  const tree = useMemo(() => buildTree(items), [items]);
  const byId = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => visibleRows(tree, (id) => !collapsed.has(id)), [tree, collapsed]);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [menu, setMenu] = useState<{ at: { x: number; y: number }; targets: Item[]; restore: string | null } | null>(null);
  const [deleting, setDeleting] = useState<Item[] | null>(null);
  const [clipboard, setClipboard] = useState<readonly string[]>([]);
  const { status, fail, note, clear } = useTreeStatus();
  const typed = useRef<TypeAhead | null>(null);
  const elements = useRef(new Map<string, HTMLLIElement>());
  const treeRef = useRef<HTMLUListElement>(null);
  const pendingFocus = useRef(false);

  // Gone from the tree (deleted by anyone): out of the selection and the clipboard.
  useEffect(() => {
    setSelection((s) => pruneSelection(s, (id) => byId.has(id)));
    setClipboard((c) => (c.every((id) => byId.has(id)) ? c : c.filter((id) => byId.has(id))));
  }, [byId]);

  const focusRow = (id: string | null) => {
    if (id === null) return;
    setFocusId(id);
    pendingFocus.current = true;
  };
  // After the render that drew the row (a new item's row arrives with its `/ws` event).
  // Not while a field, the menu or the dialog holds the focus: they give it back when they go.
  useEffect(() => {
    if (editing || menu || deleting) pendingFocus.current = false;
    if (!pendingFocus.current || focusId === null) return;
    const el = elements.current.get(focusId);
    if (!el) return;
    pendingFocus.current = false;
    el.focus();
  });

  // Ctrl/Cmd+Shift+E from anywhere (the editor too): back to the tree.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!isFocusTreeShortcut(event)) return;
      event.preventDefault();
      event.stopPropagation();
      const el = treeRef.current?.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]');
      el?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const order = rows.map((r) => r.item.id);
  const visible = (id: string | null) => id !== null && order.includes(id);
  const tabStop = visible(focusId) ? focusId : visible(activeId) ? activeId : (order[0] ?? null);
  const targetsOf = (focus: string | null) => topLevel(items, actionTargets(selection, focus));

  const attempt = async (work: () => Promise<string | void>, after?: () => void) => {
    try {
      const done = await work();
      if (done) note(done);
      else clear();
      after?.();
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  };
  const expand = (id: string) => setCollapsed((c) => new Set([...c].filter((x) => x !== id)));
  const toggle = (id: string) => setCollapsed((c) => (c.has(id) ? new Set([...c].filter((x) => x !== id)) : new Set([...c, id])));

  const startNew = (type: Item['type'], near: string | null) => {
    if (!canEdit) return;
    const parent = folderOf(items, near);
    if (parent) expand(parent.id);
    setEditing({ kind: 'new', type, parentId: parent?.id ?? null });
  };
  const startRename = (id: string) => canEdit && setEditing({ kind: 'rename', id });
  const askDelete = (targets: Item[]) => canEdit && targets.length > 0 && setDeleting(targets);
  const cut = (targets: Item[]) => {
    if (!canEdit || targets.length === 0) return;
    setClipboard(targets.map((t) => t.id));
    note(`Cut ${targets.length === 1 ? targets[0]!.name : `${targets.length} items`}: Ctrl+V on a folder moves ${targets.length === 1 ? 'it' : 'them'} there`);
  };
  const moveInto = (moving: Item[], target: Item | null, after?: () => void) => {
    const refusal = moveRefusal(items, moving, target);
    if (refusal) return isNoMove(refusal) ? undefined : fail(refusal.message);
    void attempt(() => actions.moveItems(workspaceId, moving, target), after);
  };
  const paste = (near: string | null) => {
    const moving = clipboard.map((id) => byId.get(id)).filter((i): i is Item => i !== undefined);
    if (!canEdit || moving.length === 0) return;
    moveInto(moving, folderOf(items, near), () => {
      setClipboard([]);
      focusRow(moving[0]!.id);
    });
  };
  const confirmDelete = () => {
    const targets = deleting ?? [];
    setDeleting(null);
    // Focus goes to the row the deleted ones leave behind: the next one still there, else the one before.
    const gone = (id: string) => targets.some((t) => t.id === id || byId.get(id)?.path.startsWith(`${t.path}/`));
    const at = order.findIndex(gone);
    const after = order.slice(at).find((id) => !gone(id)) ?? order.slice(0, Math.max(at, 0)).reverse().find((id) => !gone(id)) ?? null;
    void attempt(() => actions.deleteItems(workspaceId, targets), () => focusRow(after));
  };

  const openMenu = (at: { x: number; y: number }, targets: Item[]) => setMenu({ at, targets, restore: focusId });
  const closeMenu = () => {
    const restore = menu?.restore ?? tabStop;
    setMenu(null);
    focusRow(restore);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (editing || !(event.target instanceof HTMLLIElement)) return;
    const index = focusId === null ? -1 : order.indexOf(focusId);
    const action = treeKeyAction(event, rows, index);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    switch (action.kind) {
      case 'focus':
        focusRow(action.id);
        setSelection((s) => (action.extend ? selectRange(s.anchor ? s : selectOne(focusId ?? action.id), order, action.id) : selectOne(action.id)));
        return;
      case 'expand':
        return expand(action.id);
      case 'collapse':
        return toggle(action.id);
      case 'activate': {
        const item = byId.get(action.id)!;
        return item.type === 'folder' ? toggle(item.id) : onOpen(item);
      }
      case 'rename':
        return canEdit ? startRename(action.id) : note('You can read this workspace but not rename its files');
      case 'delete':
        return canEdit ? askDelete(targetsOf(focusId)) : note('You can read this workspace but not delete its files');
      case 'cut':
        return cut(targetsOf(focusId));
      case 'paste':
        return paste(action.id);
      case 'menu': {
        const box = elements.current.get(action.id)?.querySelector('.tree-row')?.getBoundingClientRect();
        return openMenu({ x: (box?.left ?? 0) + 24, y: box?.bottom ?? 0 }, targetsOf(action.id));
      }
      case 'select-all':
        return setSelection({ ids: order, anchor: focusId });
      case 'escape':
        setClipboard([]);
        return setSelection(focusId ? selectOne(focusId) : emptySelection);
      case 'type': {
        const found = typeAhead(rows, index, typed.current, action.char, Date.now());
        typed.current = found.state;
        if (found.index === null) return;
        const id = order[found.index]!;
        focusRow(id);
        return setSelection(selectOne(id));
      }
    }
  };

  const { drop, onDragStart, onDragEnd, dropHandlers } = useTreeDrag({
    items, enabled: canEdit, move: (moving, folder) => moveInto(moving, folder), refuse: fail,
    carried: (item) => (selection.ids.includes(item.id) ? targetsOf(item.id) : [item]),
  });

  const onRowClick = (item: Item, event: MouseEvent) => {
    event.stopPropagation();
    if (editing) return;
    setFocusId(item.id);
    if (event.ctrlKey || event.metaKey) return setSelection((s) => toggleOne(s, item.id));
    if (event.shiftKey) return setSelection((s) => selectRange(s, order, item.id));
    setSelection(selectOne(item.id));
    if (item.type === 'folder') toggle(item.id);
    else onOpen(item);
  };
  const onRowMenu = (item: Item, event: MouseEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const targets = selection.ids.includes(item.id) ? targetsOf(item.id) : [item];
    if (!selection.ids.includes(item.id)) setSelection(selectOne(item.id));
    setFocusId(item.id);
    setMenu({ at: { x: event.clientX, y: event.clientY }, targets, restore: item.id });
  };

  const submitName = (name: string) => {
    const edit = editing;
    setEditing(null);
    if (!edit || !name) return;
    if (edit.kind === 'new') {
      void attempt(async () => {
        const item = await actions.createItem(workspaceId, edit.parentId, name, edit.type);
        setSelection(selectOne(item.id));
        // A new file opens in the editor, which takes the focus (to type in it); a new folder keeps it here.
        if (item.type === 'file') {
          setFocusId(item.id);
          onOpen(item);
        } else focusRow(item.id);
      });
    } else if (edit.kind === 'rename') {
      const item = byId.get(edit.id);
      if (!item || item.name === name) return focusRow(edit.id);
      void attempt(() => actions.renameItem(workspaceId, item, name), () => focusRow(item.id));
    }
  };
  const cancelEdit = () => {
    const back = editing?.kind === 'new' ? editing.parentId ?? tabStop : (editing?.id ?? null);
    setEditing(null);
    focusRow(back);
  };
  const leaveEdit = () => setEditing(null);

  const nameField = (label: string, defaultValue: string) => (
    <NameField label={label} defaultValue={defaultValue} onSubmit={submitName} onCancel={cancelEdit} onLeave={leaveEdit} />
  );
  const moveField = (item: Item) => (
    <MoveField item={item} items={items} onCancel={cancelEdit} onLeave={leaveEdit} onChoose={(folder) => {
      setEditing(null);
      moveInto([item], folder, () => focusRow(item.id));
    }} />
  );
  const rowActions = (item: Item) => canEdit && !editing && (
    <span className="actions" onClick={(e) => e.stopPropagation()}>
      <button type="button" className="link" tabIndex={-1} title="Rename (F2)" aria-label={`Rename ${item.name}`} onClick={() => startRename(item.id)}>✎</button>
      <button type="button" className="link" tabIndex={-1} title="Move to…" aria-label={`Move ${item.name}`} onClick={() => setEditing({ kind: 'move', id: item.id })}>⇄</button>
      <button type="button" className="link danger" tabIndex={-1} title="Delete (Delete)" aria-label={`Delete ${item.name}`}
        onClick={() => askDelete(selection.ids.includes(item.id) ? targetsOf(item.id) : [item])}>✕</button>
    </span>
  );
  const newRow = (parentId: string | null, level: number) =>
    editing?.kind === 'new' && editing.parentId === parentId && (
      <NewItemRow type={editing.type} level={level} field={nameField(editing.type === 'folder' ? 'New folder name' : 'New file name', '')} />
    );

  const ctx: TreeItemContext = {
    canEdit, activeId, tabStop, selected: new Set(selection.ids), cut: new Set(clipboard),
    drop: drop && { id: drop.id, refused: drop.refusal !== null },
    renaming: editing?.kind === 'rename' ? editing.id : null, moving: editing?.kind === 'move' ? editing.id : null,
    isExpanded: (id) => !collapsed.has(id),
    register: (id, el) => {
      if (el) elements.current.set(id, el);
      else elements.current.delete(id);
    },
    onFocusItem: setFocusId, onRowClick, onRowMenu, onDragStart, onDragEnd, dropHandlers, nameField, moveField, rowActions, newRow,
  };

  const menuActions = {
    newItem: (type: Item['type']) => startNew(type, menu?.targets[0]?.id ?? null),
    rename: (item: Item) => startRename(item.id),
    moveTo: (item: Item) => canEdit && setEditing({ kind: 'move', id: item.id }),
    remove: askDelete,
    cut,
    paste: () => paste(menu?.targets[0]?.id ?? null),
    copyPath: (item: Item) => void attempt(() => actions.copyPath(item)),
    download: (item: Item) => void attempt(() => actions.download(workspaceId, item)),
  };

  return (
    <aside className="sidebar">
      <div className="sidebar-head">
        <span id="file-tree-label">Files</span>
        <span className="spacer" />
        {canEdit ? (
          <>
            <button className="link" title="New file" aria-label="New file" onClick={() => startNew('file', focusId)}>+ file</button>
            <button className="link" title="New folder" aria-label="New folder" onClick={() => startNew('folder', focusId)}>+ folder</button>
          </>
        ) : <span className="badge" title="You can read this workspace but not change its files">read-only</span>}
      </div>
      <div className={`tree-status ${status?.kind ?? ''}`} role={status?.kind === 'error' ? 'alert' : 'status'} aria-live="polite">
        {drop?.refusal ?? status?.text}
        {status && !drop?.refusal && <button type="button" className="link" aria-label="Dismiss" onClick={clear}>×</button>}
      </div>
      <ul ref={treeRef} className={`tree ${drop && drop.id === null ? (drop.refusal ? 'drop-refused' : 'drop') : ''}`} role="tree" aria-labelledby="file-tree-label"
        aria-multiselectable="true" onKeyDown={onKeyDown} {...(canEdit ? dropHandlers(null) : {})}
        onClick={() => { setSelection(emptySelection); setFocusId(null); }}
        onContextMenu={(e) => { e.preventDefault(); setSelection(emptySelection); openMenu({ x: e.clientX, y: e.clientY }, []); }}>
        {newRow(null, 1)}
        {tree.map((n, i) => <TreeItemView key={n.item.id} node={n} level={1} posInSet={i + 1} setSize={tree.length} ctx={ctx} />)}
      </ul>
      {menu && (
        <ContextMenu label={menu.targets.length === 1 ? `Actions for ${menu.targets[0]!.name}` : menu.targets.length ? `Actions for ${menu.targets.length} items` : 'Actions for the top level'}
          at={menu.at} onClose={closeMenu}
          entries={treeMenuEntries({ targets: menu.targets, canEdit, canPaste: clipboard.length > 0, actions: menuActions })} />
      )}
      {deleting && <DeleteDialog items={deleting} onConfirm={confirmDelete} onClose={() => { setDeleting(null); focusRow(focusId); }} />}
    </aside>
  );
}
