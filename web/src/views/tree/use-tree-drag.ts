'use client';
/**
 * Drag and drop in the file tree: rows drag (the whole selection when the dragged row is
 * in it), folders and the empty space below the rows (the top level) take drops. While
 * dragging, a target the server would refuse (lib/tree-selection.ts `moveRefusal`) is
 * marked refused and takes no drop; letting go there says why.
 */
import { useRef, useState, type DragEvent } from 'react';
import { isNoMove, moveRefusal } from '../../lib/tree-selection';
import type { Item } from '../../lib/types';

/** Ours only: files dragged in from the desktop are not tree items. */
const DRAG_TYPE = 'application/x-tandem-items';

export interface DropTarget {
  /** The folder, or null for the top level. */
  id: string | null;
  /** Why a drop here is refused; null: it would be taken. */
  refusal: string | null;
}

interface Options {
  items: readonly Item[];
  enabled: boolean;
  /** What dragging `item` carries. */
  carried(item: Item): Item[];
  move(moving: Item[], folder: Item | null): void;
  refuse(message: string): void;
}

export function useTreeDrag({ items, enabled, carried, move, refuse }: Options) {
  const [drop, setDrop] = useState<DropTarget | null>(null);
  // During a drag the browser lets pages see only the data's types, not the data: keep it here.
  const dragging = useRef<Item[]>([]);

  const onDragStart = (item: Item, event: DragEvent) => {
    const moving = carried(item);
    dragging.current = moving;
    event.dataTransfer.setData(DRAG_TYPE, moving.map((m) => m.id).join(','));
    event.dataTransfer.effectAllowed = 'move';
  };
  const onDragEnd = () => {
    // A refused drop did not happen: say why, as a refusal from the server would.
    if (drop?.refusal) refuse(drop.refusal);
    dragging.current = [];
    setDrop(null);
  };
  const dropHandlers = (folder: Item | null) => ({
    onDragOver(event: DragEvent) {
      if (!enabled || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
      event.stopPropagation();
      const refusal = moveRefusal(items, dragging.current, folder);
      if (!refusal) {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
      }
      // Where it already is: no highlight at all, neither taken nor refused.
      const next = refusal && isNoMove(refusal) ? null : { id: folder?.id ?? null, refusal: refusal?.message ?? null };
      if (next?.id !== drop?.id || next?.refusal !== drop?.refusal) setDrop(next);
    },
    onDragLeave(event: DragEvent) {
      if (!(event.currentTarget as Node).contains(event.relatedTarget as Node | null)) setDrop(null);
    },
    onDrop(event: DragEvent) {
      event.preventDefault();
      event.stopPropagation();
      setDrop(null);
      const moving = dragging.current;
      dragging.current = [];
      move(moving, folder);
    },
  });
  return { drop, onDragStart, onDragEnd, dropHandlers };
}
