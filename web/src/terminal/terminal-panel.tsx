'use client';
/**
 * The bottom panel: the workspace's terminals as tabs, shared with everyone in it.
 * Editors open, type, resize and close; viewers watch. After a reconnect each
 * terminal is re-attached from the offset this client has, so nothing repeats.
 */
import dynamic from 'next/dynamic';
import { useEffect, useMemo, useState } from 'react';
import type { ClientMessage } from '@tandem/protocol';
import type { EnvState, MessageListener } from '../hooks/use-workspace';
import { TerminalHub, type TerminalTab } from './terminal-hub';

const XtermView = dynamic(() => import('./xterm-view'), { ssr: false });
/** xterm.js loads on intent (pointing at or pressing "+ terminal"), so it arrives while the server starts the shell. */
const preloadXterm = () => void import('./xterm-view');

interface Props {
  open: boolean;
  canEdit: boolean;
  env: EnvState;
  send(message: ClientMessage): boolean;
  subscribe(listener: MessageListener): () => void;
}

export function TerminalPanel({ open, canEdit, env, send, subscribe }: Props) {
  const hub = useMemo(() => new TerminalHub((m) => void send(m)), [send]);
  const [tabs, setTabs] = useState<TerminalTab[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);

  useEffect(
    () =>
      subscribe((message) => {
        if (message.type === 'term.opened') {
          setActive(message.termId);
          setOpening(false);
        }
        if (message.type === 'error' && (message.code !== 'unknown_type')) {
          setError(message.message);
          setOpening(false);
        }
        if (hub.handle(message)) setTabs(hub.tabs);
      }),
    [hub, subscribe],
  );

  // Each connection asks for the list once; after that the server sends it whenever a terminal opens or closes.
  useEffect(() => {
    if (open) hub.connected();
  }, [open, hub]);

  const shown = tabs.some((t) => t.termId === active) ? active : (tabs[0]?.termId ?? null);

  const openTerminal = () => {
    preloadXterm();
    setError(null);
    setOpening(true);
    if (!send({ type: 'term.open', cols: 100, rows: 14 })) setOpening(false);
  };

  return (
    <section className="terminals" aria-label="Terminals">
      <div className="term-tabs" role="tablist">
        {tabs.map((t, i) => (
          <div key={t.termId} role="tab" aria-selected={t.termId === shown} className={`term-tab ${t.termId === shown ? 'active' : ''}`} onClick={() => setActive(t.termId)}>
            Terminal {i + 1}{t.exited && <span className="muted"> (exited)</span>}
            {canEdit && <button className="link" aria-label={`Close terminal ${i + 1}`} onClick={(e) => { e.stopPropagation(); send({ type: 'term.close', termId: t.termId }); }}>×</button>}
          </div>
        ))}
        {canEdit && <button className="link" onClick={openTerminal} onPointerEnter={preloadXterm} onFocus={preloadXterm} disabled={!open || opening} aria-label="New terminal">+ terminal</button>}
        <span className="spacer" />
        <span className="muted" style={{ fontSize: 12 }} data-env={env.status} title={env.reason}>
          <span className={`dot ${env.status}`} />environment {env.status}{env.reason ? `: ${env.reason}` : ''}
        </span>
        {env.skipped && (
          <span className="error" role="status" style={{ fontSize: 12, marginLeft: 8 }} data-skipped={env.skipped.count}
            title={`Not in the environment (rename them): ${env.skipped.paths.join(', ')}${env.skipped.count > env.skipped.paths.length ? ', …' : ''}`}>
            ⚠ {env.skipped.count} {env.skipped.count === 1 ? 'file' : 'files'} not in the environment: invalid {env.skipped.count === 1 ? 'name' : 'names'}
          </span>
        )}
      </div>
      <div className="term-body">
        {tabs.length === 0 && (
          <div className="term-empty">
            {opening ? 'Starting the environment…' : canEdit ? 'No terminal yet. “+ terminal” opens one, shared with everyone here.' : 'No terminal is open.'}
            {error && <div className="error" role="alert">{error}</div>}
          </div>
        )}
        {tabs.map((t) => (
          <XtermView key={t.termId} termId={t.termId} visible={t.termId === shown} readOnly={!canEdit || t.exited}
            connect={(write) => hub.connect(t.termId, write)}
            onInput={(data) => send({ type: 'term.input', termId: t.termId, data })}
            onResize={(cols, rows) => canEdit && !t.exited && send({ type: 'term.resize', termId: t.termId, cols, rows })} />
        ))}
      </div>
    </section>
  );
}
