'use client';
/**
 * A library file a definition led to (a package installed where the code runs), read
 * only: its text comes once from the server (`libraryFile`) into a `library:<path>` model
 * (library-file.ts), shown here with the cursor on the definition. Loaded like the
 * collaborative editor, on the client only (editor-pane.tsx).
 */
import { useEffect, useRef, useState } from 'react';
import { preferredEditorOptions } from '../editor-preferences';
import { monaco } from '../monaco';
import type { LanguageClient } from './language-client';
import type { Place } from './language-context';
import { libraryModel } from './library-file';

export interface LibraryViewerProps {
  client: LanguageClient;
  path: string;
  place: Place;
}

export default function LibraryViewer({ client, path, place }: LibraryViewerProps) {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<monaco.editor.IStandaloneCodeEditor | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const e = monaco.editor.create(host.current!, {
      ...preferredEditorOptions(),
      model: null,
      readOnly: true,
      readOnlyMessage: { value: 'A library file: read-only.' },
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
    });
    setEditor(e);
    return () => {
      setEditor(null);
      e.dispose(); // The model stays for the next visit (and the peek).
    };
  }, []);

  useEffect(() => {
    if (!editor) return;
    let live = true;
    setProblem(null);
    void libraryModel(client, path).then((model) => {
      if (!live) return;
      if (!model) return setProblem(`Could not read ${path} from the server.`);
      if (editor.getModel() !== model) editor.setModel(model);
      const at = model.validatePosition(place);
      editor.setPosition(at);
      editor.revealPositionInCenter(at);
      editor.focus();
    });
    return () => {
      live = false;
    };
  }, [editor, client, path, place]);

  return (
    <div style={{ position: 'absolute', inset: 0 }} data-library-path={path}>
      {problem && <div className="editor-empty">{problem}</div>}
      <div ref={host} style={{ position: 'absolute', inset: 0, display: problem ? 'none' : 'block' }} />
    </div>
  );
}
