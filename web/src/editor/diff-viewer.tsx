'use client';
/**
 * One file's change in Monaco's diff editor, read-only on both sides: the text as it
 * was at the review's reference point (submission or last verdict) against the text
 * now. Loaded only in the browser (`ssr: false`); a deleted file has no new side and an
 * added one no old side, shown as empty.
 */
import { useEffect, useRef } from 'react';
import { bindDiffEditorPreferences, preferredEditorOptions } from './editor-preferences';
import { languageFor } from './language-for';
import { monaco } from './monaco';

export interface DiffViewerProps {
  path: string;
  oldText: string;
  newText: string;
  /** Side by side, or one column (narrow windows). */
  inline?: boolean;
}

export default function DiffViewer({ path, oldText, newText, inline = false }: DiffViewerProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);

  useEffect(() => {
    const editor = monaco.editor.createDiffEditor(host.current!, {
      ...preferredEditorOptions(),
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      renderSideBySide: !inline,
      readOnlyMessage: { value: 'A review diff is read-only.' },
    });
    editorRef.current = editor;
    const preferences = bindDiffEditorPreferences(editor);
    return () => {
      preferences.dispose();
      const model = editor.getModel();
      editor.dispose();
      model?.original.dispose();
      model?.modified.dispose();
      editorRef.current = null;
    };
  }, [inline]);

  // New texts replace the models (and the old ones are disposed), keeping the editor.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const before = editor.getModel();
    const language = languageFor(path);
    editor.setModel({ original: monaco.editor.createModel(oldText, language), modified: monaco.editor.createModel(newText, language) });
    before?.original.dispose();
    before?.modified.dispose();
  }, [path, oldText, newText, inline]);

  return <div ref={host} className="diff-host" data-diff-path={path} />;
}
