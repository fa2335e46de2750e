'use client';
/**
 * Ctrl+` and Ctrl+Enter while a workspace is open, taken at the window in the capture
 * phase and stopped there, so Monaco (which would insert a line on Ctrl+Enter) and
 * xterm never see them. Ctrl+Enter typed inside a terminal or a dialog stays theirs.
 */
import { useEffect, useRef } from 'react';
import { isRunShortcut, isTerminalToggle } from '../lib/ide-keys';

export function useIdeShortcuts(handlers: { toggleTerminal(): void; run(): void }): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // A terminal or a dialog (the run commands' text) keeps its own Ctrl+Enter.
      const ownsEnter = event.target instanceof Element && event.target.closest('.terminals, dialog') !== null;
      const action = isTerminalToggle(event) ? ref.current.toggleTerminal : isRunShortcut(event) && !ownsEnter ? ref.current.run : null;
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      if (!event.repeat) action();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}
