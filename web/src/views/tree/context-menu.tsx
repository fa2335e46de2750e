'use client';
/**
 * A context menu after the WAI-ARIA menu pattern: role=menu of role=menuitem, the first
 * item focused on opening, Up/Down (wrapping), Home/End, Enter or Space to choose,
 * Escape or Tab to close (the caller puts focus back where it was). A disabled item
 * stays in the arrow order, as the pattern asks, and says why it is disabled.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { tabKeyTarget } from '../../lib/tab-keys';

export interface MenuEntry {
  label: string;
  /** The key that does the same from the tree, shown beside the label. */
  shortcut?: string;
  /** Why it cannot be chosen; unset: it can. */
  disabled?: string;
  danger?: boolean;
  run(): void;
}

interface Props {
  label: string;
  entries: readonly MenuEntry[];
  /** Where it opens, in viewport pixels. */
  at: { x: number; y: number };
  onClose(): void;
}

export function ContextMenu({ label, entries, at, onClose }: Props) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const host = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    refs.current[0]?.focus();
    const away = (event: MouseEvent) => {
      if (!host.current?.contains(event.target as Node)) closeRef.current();
    };
    // A capture listener, so a click that lands elsewhere closes the menu before it does anything there.
    window.addEventListener('mousedown', away, true);
    window.addEventListener('blur', closeRef.current);
    return () => {
      window.removeEventListener('mousedown', away, true);
      window.removeEventListener('blur', closeRef.current);
    };
  }, []);

  const choose = (entry: MenuEntry) => {
    if (entry.disabled) return;
    onClose();
    entry.run();
  };

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    event.stopPropagation();
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      return onClose();
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      return choose(entries[index]!);
    }
    const key = event.key === 'ArrowDown' ? 'ArrowRight' : event.key === 'ArrowUp' ? 'ArrowLeft' : event.key;
    const next = key === 'ArrowRight' || key === 'ArrowLeft' || key === 'Home' || key === 'End' ? tabKeyTarget(key, index, entries.length) : null;
    if (next === null) return;
    event.preventDefault();
    refs.current[next]?.focus();
  };

  // Kept inside the window: a menu opened near the bottom or right edge opens up or left.
  const style = { left: Math.min(at.x, window.innerWidth - 240), top: Math.min(at.y, window.innerHeight - 32 * entries.length - 16) };
  return (
    <div ref={host} className="context-menu" role="menu" aria-label={label} style={style} onContextMenu={(e) => e.preventDefault()}>
      {entries.map((entry, i) => (
        <button key={entry.label} ref={(el) => { refs.current[i] = el; }} type="button" role="menuitem" tabIndex={-1}
          className={entry.danger ? 'danger' : undefined} aria-disabled={entry.disabled ? true : undefined} title={entry.disabled}
          onClick={() => choose(entry)} onKeyDown={(e) => onKeyDown(e, i)}>
          <span>{entry.label}</span>
          {entry.disabled ? <span className="muted reason">{entry.disabled}</span> : entry.shortcut && <kbd>{entry.shortcut}</kbd>}
        </button>
      ))}
    </div>
  );
}
