'use client';
/**
 * Over the file in front: its path as a breadcrumb, and Run. Run types the workspace's
 * command for the file's extension into the Run terminal (Ctrl+Enter does the same);
 * when it cannot, the button says why instead. The owner changes the commands here.
 */
import { useState } from 'react';
import { extensionOf } from '../lib/run-command';
import { RunSettingsDialog } from './run-settings-dialog';

interface Props {
  workspaceId: string;
  path: string | null;
  /** Null when Run can; otherwise why not (shown as the button's title and beside it). */
  runBlocked: string | null;
  canConfigure: boolean;
  commands: Record<string, string>;
  onRun(): void;
  onCommands(commands: Record<string, string>): void;
}

export function EditorBar({ workspaceId, path, runBlocked, canConfigure, commands, onRun, onCommands }: Props) {
  const [configuring, setConfiguring] = useState(false);
  const segments = path ? path.split('/') : [];
  return (
    <div className="editor-bar">
      <nav aria-label="Path of the open file" className="breadcrumb" data-testid="breadcrumb">
        {segments.map((s, i) => (
          <span key={i} className={i === segments.length - 1 ? 'crumb current' : 'crumb'} aria-current={i === segments.length - 1 ? 'page' : undefined}>{s}</span>
        ))}
      </nav>
      <span className="spacer" />
      {runBlocked && <span className="muted run-reason" data-testid="run-reason">{runBlocked}</span>}
      <button type="button" className="run-button" onClick={onRun} disabled={runBlocked !== null}
        aria-label="Run" title={runBlocked ?? `Run ${path ?? ''} (Ctrl+Enter)`} aria-keyshortcuts="Control+Enter">▶ Run</button>
      {canConfigure && <button type="button" className="link" aria-label="Run commands" title="Run commands" onClick={() => setConfiguring(true)}>⚙</button>}
      {configuring && <RunSettingsDialog workspaceId={workspaceId} commands={commands} onSaved={onCommands} onClose={() => setConfiguring(false)} />}
    </div>
  );
}

/** Why Run cannot run `path`, or null when it can. */
export function runBlockedReason(path: string | null, canRun: boolean, role: string | null, commands: Record<string, string>): string | null {
  if (!canRun) return `A ${role ?? 'reader'} cannot run code here`;
  if (!path) return 'Open a file to run it';
  const ext = extensionOf(path);
  if (!ext || !Object.hasOwn(commands, ext)) return ext ? `No run command for .${ext} files` : 'No run command for this file';
  return null;
}
