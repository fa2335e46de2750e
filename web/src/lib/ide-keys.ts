/** The layout's and Run's keyboard shortcuts (pure). */

type Keys = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** Ctrl+` (as in VS Code; Ctrl on a Mac too, where Cmd+` switches windows): show or hide the terminal panel. */
export const isTerminalToggle = (e: Keys) => e.ctrlKey && !e.altKey && !e.metaKey && (e.code === 'Backquote' || e.key === '`');

/** Ctrl+Enter (Cmd+Enter on a Mac): run the open file. */
export const isRunShortcut = (e: Keys) => (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key === 'Enter';
