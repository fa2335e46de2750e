'use client';
/**
 * The fields a tree row turns into: a name (new item, rename: Enter keeps, Escape
 * cancels, leaving it cancels) and "Move to…" (a list of the folders it may go to).
 * Keys typed here stay here: the tree's own keys (letters, Delete, F2) must not act.
 */
import type { FormEvent, KeyboardEvent } from 'react';
import { moveTargets } from '../../lib/tree';
import type { Item } from '../../lib/types';

const keepKeys = (onCancel: () => void) => (event: KeyboardEvent) => {
  event.stopPropagation();
  if (event.key === 'Escape') onCancel();
};

/** The name before its extension, selected, as explorers do: typing replaces "notes" in "notes.md". */
const stemEnd = (name: string) => (name.lastIndexOf('.') > 0 ? name.lastIndexOf('.') : name.length);

export function NameField({ label, defaultValue, onSubmit, onCancel, onLeave }: { label: string; defaultValue: string; onSubmit(name: string): void; onCancel(): void; onLeave(): void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(String(new FormData(event.currentTarget).get('name')).trim());
  };
  return (
    <form onSubmit={submit} style={{ flex: 1 }} onClick={(e) => e.stopPropagation()}>
      <input name="name" defaultValue={defaultValue} aria-label={label} autoFocus onBlur={onLeave}
        onFocus={(e) => e.currentTarget.setSelectionRange(0, stemEnd(defaultValue))} onKeyDown={keepKeys(onCancel)} />
    </form>
  );
}

export function MoveField({ item, items, onChoose, onCancel, onLeave }: { item: Item; items: readonly Item[]; onChoose(folder: Item | null): void; onCancel(): void; onLeave(): void }) {
  return (
    <select autoFocus aria-label={`Move ${item.name} to`} defaultValue="" onClick={(e) => e.stopPropagation()} onBlur={onLeave} onKeyDown={keepKeys(onCancel)}
      onChange={(e) => onChoose(e.target.value === '/' ? null : (items.find((i) => i.id === e.target.value) ?? null))}>
      <option value="" disabled>Move {item.name} to…</option>
      {moveTargets(items, item).map((t) => <option key={t?.id ?? '/'} value={t?.id ?? '/'}>{t ? t.path : '/ (top level)'}</option>)}
    </select>
  );
}
