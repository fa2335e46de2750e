'use client';
/** Download a workspace as .zip / .tar.gz, and create one from an uploaded archive. */
import { useRef, useState, type FormEvent } from 'react';
import type { ImportResult } from '@tandem/protocol';
import { describeError } from '../lib/errors';
import { ARCHIVE_CHOICES, archiveUrl, describeSkipped, importArchive, workspaceNameFor } from '../lib/workspace-archive';

export function DownloadLinks({ workspaceId }: { workspaceId: string }) {
  return (
    <span className="archive-download" data-testid="download-archive">
      <span className="muted">Download</span>
      {ARCHIVE_CHOICES.map(({ format, label }) => (
        <a key={format} className="link" href={archiveUrl(workspaceId, format)} download data-format={format}>{label}</a>
      ))}
    </span>
  );
}

export function ImportArchiveForm({ onImported }: { onImported(result: ImportResult): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const result = await importArchive(file, name.trim() || workspaceNameFor(file.name));
      setNote(`Imported “${result.workspace.name}”: ${result.files} files, ${result.folders} folders. ${describeSkipped(result) ?? ''}`.trim());
      setFile(null);
      setName('');
      if (input.current) input.current.value = '';
      onImported(result);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="row archive-import" onSubmit={submit} aria-busy={busy}>
      <input
        ref={input}
        type="file"
        accept=".zip,.tar.gz,.tgz,application/zip,application/gzip"
        aria-label="Archive to import"
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0] ?? null;
          setFile(chosen);
          if (chosen && !name) setName(workspaceNameFor(chosen.name));
        }}
      />
      <input value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="Workspace name" aria-label="Name for the import" maxLength={100} style={{ flex: 1 }} />
      <button type="submit" disabled={!file || busy}>{busy ? 'Importing…' : 'Import archive'}</button>
      {error && <p className="error" role="alert" data-testid="import-error">{error}</p>}
      {note && <p className="muted" role="status" data-testid="import-note">{note}</p>}
    </form>
  );
}
