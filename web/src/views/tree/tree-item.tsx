'use client';
/**
 * One node of the file tree as the WAI-ARIA tree view pattern nests it: an
 * `li role=treeitem` (aria-level, aria-expanded on folders, aria-selected, one of them
 * in the Tab order) holding its row and, when open, a `role=group` of its children.
 * What the node does is the tree's (file-tree.tsx): this draws it and reports clicks.
 */
import type { DragEvent, MouseEvent, ReactNode } from 'react';
import type { TreeNode } from '../../lib/tree';
import type { Item } from '../../lib/types';

export interface TreeItemContext {
  canEdit: boolean;
  activeId: string | null;
  /** The one row in the Tab order (roving tabindex). */
  tabStop: string | null;
  selected: ReadonlySet<string>;
  cut: ReadonlySet<string>;
  drop: { id: string | null; refused: boolean } | null;
  renaming: string | null;
  moving: string | null;
  isExpanded(id: string): boolean;
  register(id: string, el: HTMLLIElement | null): void;
  onFocusItem(id: string): void;
  onRowClick(item: Item, event: MouseEvent): void;
  onRowMenu(item: Item, event: MouseEvent): void;
  onDragStart(item: Item, event: DragEvent): void;
  onDragEnd(): void;
  dropHandlers(folder: Item | null): {
    onDragOver(event: DragEvent): void;
    onDragLeave(event: DragEvent): void;
    onDrop(event: DragEvent): void;
  };
  nameField(label: string, defaultValue: string): ReactNode;
  moveField(item: Item): ReactNode;
  rowActions(item: Item): ReactNode;
  newRow(parentId: string | null, level: number): ReactNode;
}

const indent = (level: number) => ({ paddingLeft: 8 + (level - 1) * 14 });

export function TreeItemView({ node, level, posInSet, setSize, ctx }: { node: TreeNode; level: number; posInSet: number; setSize: number; ctx: TreeItemContext }) {
  const { item } = node;
  const isFolder = item.type === 'folder';
  const open = isFolder && ctx.isExpanded(item.id);
  const selected = ctx.selected.has(item.id);
  const dropHere = ctx.drop?.id === item.id;
  const rowClass = [
    'tree-row',
    item.id === ctx.activeId ? 'active' : '',
    selected ? 'selected' : '',
    ctx.cut.has(item.id) ? 'cut' : '',
    dropHere ? (ctx.drop!.refused ? 'drop-refused' : 'drop') : '',
  ].filter(Boolean).join(' ');
  return (
    <li role="treeitem" className="tree-item" aria-label={item.name} aria-level={level} aria-posinset={posInSet} aria-setsize={setSize}
      aria-selected={selected} aria-expanded={isFolder ? open : undefined} tabIndex={ctx.tabStop === item.id ? 0 : -1}
      ref={(el) => ctx.register(item.id, el)} onFocus={(e) => e.target === e.currentTarget && ctx.onFocusItem(item.id)}
      {...(isFolder && ctx.canEdit ? ctx.dropHandlers(item) : {})}>
      <div className={rowClass} style={indent(level)} data-path={item.path} draggable={ctx.canEdit && ctx.renaming !== item.id}
        onDragStart={(e) => ctx.onDragStart(item, e)} onDragEnd={ctx.onDragEnd}
        onClick={(e) => ctx.onRowClick(item, e)} onContextMenu={(e) => ctx.onRowMenu(item, e)}>
        <span className="icon" aria-hidden="true">{isFolder ? (open ? '▾' : '▸') : '·'}</span>
        {ctx.renaming === item.id ? ctx.nameField(`Rename ${item.name}`, item.name)
          : ctx.moving === item.id ? ctx.moveField(item)
          : <span className="name" title={item.path}>{item.name}</span>}
        {ctx.renaming !== item.id && ctx.moving !== item.id && ctx.rowActions(item)}
      </div>
      {open && (
        <ul role="group">
          {ctx.newRow(item.id, level + 1)}
          {node.children.map((child, i) => <TreeItemView key={child.item.id} node={child} level={level + 1} posInSet={i + 1} setSize={node.children.length} ctx={ctx} />)}
        </ul>
      )}
    </li>
  );
}

export function NewItemRow({ type, level, field }: { type: Item['type']; level: number; field: ReactNode }) {
  return (
    <li role="none" className="tree-item">
      <div className="tree-row" style={indent(level)}>
        <span className="icon" aria-hidden="true">{type === 'folder' ? '▸' : '·'}</span>
        {field}
      </div>
    </li>
  );
}
