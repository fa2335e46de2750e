/** Keyboard shortcuts the IDE takes from the browser (pure). */

type Keys = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/** Ctrl+S (Cmd+S on a Mac), with or without Shift: the browser would open "Save page as". */
export const isSaveShortcut = (e: Keys) => (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's';
