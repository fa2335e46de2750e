'use client';
/**
 * Ctrl+` and Ctrl+Enter while a workspace is open, taken at the window in the capture
 * phase and stopped there, so Monaco (which would insert a line on Ctrl+Enter) and
 * xterm never see them. Ctrl+Enter typed inside a terminal stays the terminal's.
 */
import { useEffect, useRef } from 'react';
import { isRunShortcut, isTerminalToggle } from '../lib/ide-keys';

export function useIdeShortcuts(handlers: { toggleTerminal(): void; run(): void }): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const inTerminal = event.target instanceof Element && event.target.closest('.terminals') !== null;
      const action = isTerminalToggle(event) ? ref.current.toggleTerminal : isRunShortcut(event) && !inTerminal ? ref.current.run : null;
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      if (!event.repeat) action();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}
