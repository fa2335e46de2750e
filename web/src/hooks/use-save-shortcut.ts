'use client';
/**
 * Ctrl/Cmd+S while a workspace is open: never the browser's "Save page as" (the key is
 * taken at the window, in the capture phase, before anything else sees it); `onSave`
 * runs instead. Edits are saved as they are typed, so saving here means sending what
 * waits for a connection and showing the save state.
 */
import { useEffect, useRef } from 'react';
import { isSaveShortcut } from '../lib/shortcuts';

export function useSaveShortcut(onSave: () => void): void {
  const saveRef = useRef(onSave);
  saveRef.current = onSave;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isSaveShortcut(event)) return;
      event.preventDefault();
      if (!event.repeat) saveRef.current();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}
