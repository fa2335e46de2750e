'use client';
/**
 * Tabs that are tabs: role=tab buttons in a role=tablist, one in the Tab order (roving
 * tabindex), arrows, Home and End select and focus (src/lib/tab-keys.ts). The panel is
 * the caller's: give it `id={tabPanelId(idBase)}` and role=tabpanel via <TabPanel>.
 */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { tabKeyTarget } from '../lib/tab-keys';

export interface TabSpec<K extends string> {
  key: K;
  label: ReactNode;
}

interface Props<K extends string> {
  idBase: string;
  label: string;
  tabs: readonly TabSpec<K>[];
  selected: K;
  onSelect(key: K): void;
}

const tabId = (base: string, key: string) => `${base}-tab-${key}`;
export const tabPanelId = (base: string) => `${base}-panel`;

export function TabList<K extends string>({ idBase, label, tabs, selected, onSelect }: Props<K>) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const target = tabKeyTarget(event.key, index, tabs.length);
    if (target === null) return;
    event.preventDefault();
    onSelect(tabs[target]!.key);
    refs.current[target]?.focus();
  };
  return (
    <div className="tab-list" role="tablist" aria-label={label}>
      {tabs.map((t, i) => (
        <button key={t.key} ref={(el) => { refs.current[i] = el; }} id={tabId(idBase, t.key)} type="button" role="tab"
          aria-selected={t.key === selected} aria-controls={tabPanelId(idBase)} tabIndex={t.key === selected ? 0 : -1}
          onClick={() => onSelect(t.key)} onKeyDown={(e) => onKeyDown(e, i)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ idBase, selected, children, className }: { idBase: string; selected: string; children: ReactNode; className?: string }) {
  return (
    <div role="tabpanel" id={tabPanelId(idBase)} aria-labelledby={tabId(idBase, selected)} className={className}>
      {children}
    </div>
  );
}
