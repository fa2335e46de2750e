'use client';
/**
 * The panel sizes of lib/panel-layout.ts, remembered in localStorage. The upper
 * limits follow the window, so a divider cannot push the editor out of sight.
 */
import { useCallback, useEffect, useState } from 'react';
import { clampSize, LAYOUT_STORAGE_KEY, parseLayout, SIDEBAR_LIMITS, TERMINAL_LIMITS, type PanelLayout, type SizeLimits } from '../lib/panel-layout';

function readStored(): PanelLayout {
  try {
    return parseLayout(window.localStorage.getItem(LAYOUT_STORAGE_KEY));
  } catch {
    return parseLayout(null); // Storage refused (privacy settings): this page keeps its own.
  }
}

function viewport() {
  return typeof window === 'undefined' ? { width: 1280, height: 800 } : { width: window.innerWidth, height: window.innerHeight };
}

export function usePanelLayout() {
  const [layout, setLayout] = useState<PanelLayout>(readStored);
  const [view, setView] = useState(viewport);
  useEffect(() => {
    const onResize = () => setView(viewport());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  useEffect(() => {
    try {
      window.localStorage.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(layout));
    } catch {
      // Not remembered; still applied.
    }
  }, [layout]);

  // Leave the editor at least ~240 px beside the sidebar and ~160 px above the terminal.
  const sidebarLimits: SizeLimits = { min: SIDEBAR_LIMITS.min, max: Math.min(SIDEBAR_LIMITS.max, view.width - 240) };
  const terminalLimits: SizeLimits = { min: TERMINAL_LIMITS.min, max: Math.min(TERMINAL_LIMITS.max, view.height - 160) };

  const update = useCallback((change: Partial<PanelLayout>) => setLayout((l) => ({ ...l, ...change })), []);
  return {
    sidebarOpen: layout.sidebarOpen,
    terminalOpen: layout.terminalOpen,
    sidebarWidth: clampSize(layout.sidebarWidth, sidebarLimits),
    terminalHeight: clampSize(layout.terminalHeight, terminalLimits),
    sidebarLimits,
    terminalLimits,
    setSidebarWidth: useCallback((sidebarWidth: number) => update({ sidebarWidth }), [update]),
    setTerminalHeight: useCallback((terminalHeight: number) => update({ terminalHeight }), [update]),
    toggleSidebar: useCallback(() => setLayout((l) => ({ ...l, sidebarOpen: !l.sidebarOpen })), []),
    toggleTerminal: useCallback(() => setLayout((l) => ({ ...l, terminalOpen: !l.terminalOpen })), []),
    showTerminal: useCallback(() => update({ terminalOpen: true }), [update]),
  };
}
