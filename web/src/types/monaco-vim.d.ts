/**
 * The part of monaco-vim the IDE uses. Declared here, against the one Monaco instance
 * the app loads: the package's own types import `monaco-editor`, whose editor types are
 * a second copy of these and do not mix with them.
 */
declare module 'monaco-vim' {
  import type { editor } from 'monaco-editor/esm/vs/editor/editor.api.js';

  export interface VimAdapterInstance {
    /** Leaves vim mode: the editor's own keys again, the status line cleared. */
    dispose(): void;
  }

  /** Vim keys on `editor`; its mode (`--NORMAL--`, `--INSERT--`, ...) and pending keys are written into `statusbarNode`. */
  export function initVimMode(editor: editor.IStandaloneCodeEditor, statusbarNode?: HTMLElement | null): VimAdapterInstance;
}
