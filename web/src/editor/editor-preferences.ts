/**
 * The preferences applied to Monaco editors, live: the theme (one for all of Monaco,
 * `monaco.editor.setTheme`), font size, word wrap, and vim mode with its status line.
 * monaco-vim is loaded only when someone turns vim on (a dynamic import).
 */
import type { VimAdapterInstance } from 'monaco-vim';
import { editorOptionsFor, MONACO_THEMES } from '../lib/editor-options';
import { getPreferences, getTheme, subscribePreferences } from '../lib/preferences-store';
import { monaco } from './monaco';

/** Options for `monaco.editor.create` and `createDiffEditor`, as the preferences are now. */
export function preferredEditorOptions(): { theme: string; fontSize: number; wordWrap: 'on' | 'off' } {
  return { theme: MONACO_THEMES[getTheme()], ...editorOptionsFor(getPreferences()) };
}

/**
 * Keeps `editor` in step with the preferences until disposed. With `vimStatus` (the
 * node under the editor for vim's mode and pending keys), vim mode follows `vimMode`.
 */
export function bindEditorPreferences(editor: monaco.editor.IStandaloneCodeEditor, vimStatus: HTMLElement | null): { dispose(): void } {
  let vim: VimAdapterInstance | null = null;
  let loading = false;
  let disposed = false;

  const syncVim = () => {
    const want = vimStatus !== null && getPreferences().vimMode && !disposed;
    if (!want && vim) {
      vim.dispose();
      vim = null;
    }
    if (!want || vim || loading) return;
    loading = true;
    import('monaco-vim').then(
      ({ initVimMode }) => {
        loading = false;
        // The preference may have changed, or the editor gone, while it loaded.
        if (!disposed && getPreferences().vimMode && !vim) vim = initVimMode(editor, vimStatus);
      },
      () => {
        loading = false;
        if (vimStatus) vimStatus.textContent = 'Vim mode could not be loaded; reload the page to try again.';
      },
    );
  };
  const apply = () => {
    monaco.editor.setTheme(MONACO_THEMES[getTheme()]);
    editor.updateOptions(editorOptionsFor(getPreferences()));
    syncVim();
  };
  apply();
  const unsubscribe = subscribePreferences(apply);
  return {
    dispose() {
      disposed = true;
      unsubscribe();
      vim?.dispose();
      vim = null;
    },
  };
}

/** Keeps a diff editor's theme, font size and word wrap in step (no vim: both sides are read-only). */
export function bindDiffEditorPreferences(editor: monaco.editor.IStandaloneDiffEditor): { dispose(): void } {
  const apply = () => {
    monaco.editor.setTheme(MONACO_THEMES[getTheme()]);
    editor.updateOptions(editorOptionsFor(getPreferences()));
  };
  apply();
  return { dispose: subscribePreferences(apply) };
}
