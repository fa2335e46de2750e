'use client';
/**
 * "Delete these?" before anything goes: one confirmation for the whole selection,
 * naming the count and the items (a folder takes everything in it). The safe button
 * has the focus, so Enter right after Delete does not delete by accident.
 */
import { useEffect, useRef } from 'react';
import { ModalDialog } from '../modal-dialog';
import type { Item } from '../../lib/types';

interface Props {
  items: readonly Item[];
  onConfirm(): void;
  onClose(): void;
}

const SHOWN = 8;

export function deleteQuestion(items: readonly Item[]): string {
  if (items.length === 1) {
    const [item] = items as [Item];
    return item.type === 'folder' ? `Delete the folder ${item.path} and everything in it?` : `Delete ${item.path}?`;
  }
  const folders = items.filter((i) => i.type === 'folder').length;
  return `Delete ${items.length} items${folders > 0 ? ` (folders with everything in them)` : ''}?`;
}

export function DeleteDialog({ items, onConfirm, onClose }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  // After the dialog's own effect has shown it (a parent's effect runs after its child's).
  useEffect(() => {
    const frame = requestAnimationFrame(() => cancel.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, []);
  return (
    <ModalDialog title={items.length === 1 ? 'Delete' : `Delete ${items.length} items`} onClose={onClose}>
      <p>{deleteQuestion(items)}</p>
      {items.length > 1 && (
        <ul className="delete-list">
          {items.slice(0, SHOWN).map((i) => <li key={i.id}>{i.path}{i.type === 'folder' ? '/' : ''}</li>)}
          {items.length > SHOWN && <li className="muted">and {items.length - SHOWN} more</li>}
        </ul>
      )}
      <p className="muted">Anyone with the file open keeps reading it until they close it.</p>
      <div className="row">
        <span className="spacer" />
        <button type="button" ref={cancel} onClick={onClose}>Cancel</button>
        <button type="button" className="danger" onClick={onConfirm}>Delete</button>
      </div>
    </ModalDialog>
  );
}
