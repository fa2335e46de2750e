'use client';
/** The owner edits the workspace's run commands: one `ext: command` per line, `{file}` for the file. */
import { useState, type FormEvent } from 'react';
import { describeError } from '../lib/errors';
import { formatRunCommands, parseRunCommands } from '../lib/run-command';
import { settingsApi } from '../lib/settings-api';
import { ModalDialog } from './modal-dialog';

interface Props {
  workspaceId: string;
  commands: Record<string, string>;
  onSaved(commands: Record<string, string>): void;
  onClose(): void;
}

export function RunSettingsDialog({ workspaceId, commands, onSaved, onClose }: Props) {
  const [text, setText] = useState(() => formatRunCommands(commands));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseRunCommands(text);
    if ('error' in parsed) return setError(parsed.error);
    setSaving(true);
    try {
      const saved = await settingsApi.putRunCommands(workspaceId, parsed.commands);
      onSaved(saved.settings.runCommands);
      onClose();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <ModalDialog title="Run commands" onClose={onClose}>
      <form onSubmit={submit} className="run-settings">
        <label htmlFor="run-commands">One per line: the file extension, a colon, and the command; <code>{'{file}'}</code> is the file&apos;s path.</label>
        <textarea id="run-commands" rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        {error && <div className="error" role="alert">{error}</div>}
        <div className="row">
          <button type="submit" disabled={saving}>Save</button>
          <button type="button" className="link" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </ModalDialog>
  );
}
