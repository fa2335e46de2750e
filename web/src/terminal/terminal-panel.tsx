'use client';
/**
 * The bottom panel: the workspace's terminals as tabs, shared with everyone in it.
 * Editors open, type, resize and close; viewers watch. After a reconnect each
 * terminal is re-attached from the offset this client has, so nothing repeats.
 *
 * Run (`run`) types its command into this client's Run terminal, opening one first
 * when there is none (or it exited), so the program's output streams live and it reads
 * from the keyboard. Which terminal is the Run terminal is remembered per workspace in
 * localStorage; other people see it as an ordinary terminal.
 */
import dynamic from 'next/dynamic';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ClientMessage } from '@tandem/protocol';
import type { EnvState, MessageListener } from '../hooks/use-workspace';
import { EnvBadge } from './env-badge';
import { runKeystrokes } from '../lib/run-command';
import { TerminalHub, type TerminalTab } from './terminal-hub';

const XtermView = dynamic(() => import('./xterm-view'), { ssr: false });
/** xterm.js loads on intent (pointing at or pressing "+ terminal"), so it arrives while the server starts the shell. */
const preloadXterm = () => void import('./xterm-view');

/** A press of Run: `seq` tells presses of the same command apart. */
export interface RunRequest {
  command: string;
  seq: number;
}

interface Props {
  workspaceId: string;
  open: boolean;
  canEdit: boolean;
  env: EnvState;
  send(message: ClientMessage): boolean;
  subscribe(listener: MessageListener): () => void;
  /** Shown (its height in px), or folded to its tab bar. */
  height: number;
  collapsed: boolean;
  onToggle(): void;
  run: RunRequest | null;
}

const runTerminalKey = (workspaceId: string) => `tandem.runTerminal.${workspaceId}`;
function storedRunTerminal(workspaceId: string): string | null {
  try {
    return window.localStorage.getItem(runTerminalKey(workspaceId));
  } catch {
    return null;
  }
}

export function TerminalPanel({ workspaceId, open, canEdit, env, send, subscribe, height, collapsed, onToggle, run }: Props) {
  const hub = useMemo(() => new TerminalHub(send), [send]);
  const [tabs, setTabs] = useState<TerminalTab[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const [runTerm, setRunTerm] = useState<string | null>(() => storedRunTerminal(workspaceId));
  // A Run waiting for its terminal to open: the next term.opened is the Run terminal.
  const pendingRun = useRef<string | null>(null);

  useEffect(
    () =>
      subscribe((message) => {
        if (message.type === 'term.opened') {
          setActive(message.termId);
          setOpening(false);
          const command = pendingRun.current;
          if (command !== null) {
            pendingRun.current = null;
            setRunTerm(message.termId);
            try {
              window.localStorage.setItem(runTerminalKey(workspaceId), message.termId);
            } catch {
              // Not remembered past this page; still the Run terminal here.
            }
            send({ type: 'term.input', termId: message.termId, data: runKeystrokes(command) });
          }
        }
        if (message.type === 'error' && (message.code !== 'unknown_type')) {
          setError(message.message);
          setOpening(false);
          pendingRun.current = null;
        }
        if (hub.handle(message)) setTabs(hub.tabs);
      }),
    [hub, subscribe, send, workspaceId],
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
    if (!send({ type: 'term.open', cols: 100, rows: 14 })) {
      setOpening(false);
      pendingRun.current = null;
    }
  };

  // Each press of Run once: into the live Run terminal, or a new one.
  const tabsRef = useRef(tabs);
  tabsRef.current = tabs;
  const runTermRef = useRef(runTerm);
  runTermRef.current = runTerm;
  useEffect(() => {
    if (!run || !canEdit) return;
    const live = tabsRef.current.find((t) => t.termId === runTermRef.current && !t.exited);
    if (live) {
      setActive(live.termId);
      send({ type: 'term.input', termId: live.termId, data: runKeystrokes(run.command) });
    } else if (pendingRun.current !== null) {
      pendingRun.current = run.command; // Already opening one: it runs the latest command.
    } else {
      pendingRun.current = run.command;
      openTerminal();
    }
    // Only a new press runs; the rest is read from refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run?.seq]);

  const label = (t: TerminalTab, i: number) => (t.termId === runTerm ? 'Run' : `Terminal ${i + 1}`);

  return (
    <section id="terminal-panel" className={`terminals${collapsed ? ' collapsed' : ''}`} aria-label="Terminals" style={collapsed ? undefined : { height }}>
      <div className="term-tabs" role="tablist">
        {tabs.map((t, i) => (
          <div key={t.termId} role="tab" aria-selected={t.termId === shown} className={`term-tab ${t.termId === shown ? 'active' : ''}`} onClick={() => setActive(t.termId)}>
            {label(t, i)}{t.exited && <span className="muted"> (exited)</span>}
            {canEdit && <button className="link" aria-label={`Close ${label(t, i).toLowerCase()}`} onClick={(e) => { e.stopPropagation(); send({ type: 'term.close', termId: t.termId }); }}>×</button>}
          </div>
        ))}
        {canEdit && <button className="link" onClick={openTerminal} onPointerEnter={preloadXterm} onFocus={preloadXterm} disabled={!open || opening} aria-label="New terminal">+ terminal</button>}
        <span className="spacer" />
        <button type="button" className="link term-toggle" aria-expanded={!collapsed} aria-controls="terminal-body" onClick={onToggle}
          title={`${collapsed ? 'Show' : 'Hide'} the terminal (Ctrl+\`)`} aria-keyshortcuts="Control+`">{collapsed ? '▴ Show terminal' : '▾ Hide'}</button>
        <EnvBadge env={env} connected={open} />
        {env.skipped && (
          <span className="error" role="status" style={{ fontSize: 12, marginLeft: 8 }} data-skipped={env.skipped.count}
            title={`Not in the environment (rename them): ${env.skipped.paths.join(', ')}${env.skipped.count > env.skipped.paths.length ? ', …' : ''}`}>
            ⚠ {env.skipped.count} {env.skipped.count === 1 ? 'file' : 'files'} not in the environment: invalid {env.skipped.count === 1 ? 'name' : 'names'}
          </span>
        )}
      </div>
      <div className="term-body" id="terminal-body" hidden={collapsed}>
        {tabs.length === 0 && (
          <div className="term-empty">
            {opening ? 'Starting the environment…' : canEdit ? 'No terminal yet. “+ terminal” opens one, shared with everyone here.' : 'No terminal is open.'}
            {error && <div className="error" role="alert">{error}</div>}
          </div>
        )}
        {tabs.map((t) => (
          <XtermView key={t.termId} termId={t.termId} visible={t.termId === shown} readOnly={!canEdit || t.exited}
            connect={(write) => hub.connect(t.termId, write)}
            onInput={(data) => hub.input(t.termId, data)}
            onResize={(cols, rows) => canEdit && !t.exited && send({ type: 'term.resize', termId: t.termId, cols, rows })} />
        ))}
      </div>
    </section>
  );
}
