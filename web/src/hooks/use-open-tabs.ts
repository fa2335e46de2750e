'use client';
/**
 * The open editor tabs of one workspace page (lib/open-tabs.ts): tree events from `/ws`
 * retitle or mark them as they come, naming who (TREE-5); each fresh listing of the
 * tree (after a reconnect) is checked against them too, since events sent while the
 * socket was down are gone.
 */
import { useCallback, useEffect, useState } from 'react';
import { applyTabChange, closeTab, openTab, reconcileTabs, clearNotice, type OpenTab } from '../lib/open-tabs';
import type { Item } from '../lib/types';
import type { MessageListener } from './use-workspace';

export function useOpenTabs(items: Item[] | null, subscribe: (listener: MessageListener) => () => void, selfId: string) {
  const [tabs, setTabs] = useState<OpenTab[]>([]);
  useEffect(
    () => subscribe((message) => {
      if (message.type === 'tree') setTabs((t) => applyTabChange(t, message.change, selfId));
    }),
    [subscribe, selfId],
  );
  useEffect(() => {
    if (items) setTabs((t) => reconcileTabs(t, items));
  }, [items]);
  const open = useCallback((item: Item) => setTabs((t) => openTab(t, item)), []);
  const close = useCallback((id: string) => setTabs((t) => closeTab(t, id)), []);
  const settle = useCallback((id: string) => setTabs((t) => clearNotice(t, id)), []);
  return { tabs, open, close, settle };
}
