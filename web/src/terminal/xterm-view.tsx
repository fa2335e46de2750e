'use client';
/**
 * One terminal drawn by xterm.js. Client-only (terminal-panel.tsx loads it with
 * `ssr: false`). It fits itself to its box whenever the box changes (the panel's
 * divider, the window, showing a folded panel: a ResizeObserver) and reports the new
 * rows and columns, which the panel sends as `term.resize` so the pty matches; output
 * comes in through `connect`, keystrokes go out through `onInput`.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { TERMINAL_THEMES } from '../lib/editor-options';
import { getTheme, subscribePreferences } from '../lib/preferences-store';

export interface XtermViewProps {
  termId: string;
  visible: boolean;
  readOnly: boolean;
  /** Hands the view a writer; returns the disconnect. Called once per mount. */
  connect(write: (data: string) => void): () => void;
  onInput(data: string): void;
  onResize(cols: number, rows: number): void;
}

export default function XtermView({ termId, visible, readOnly, connect, onInput, onResize }: XtermViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const props = useRef({ onInput, onResize, readOnly });
  props.current = { onInput, onResize, readOnly };

  useEffect(() => {
    const term = new Terminal({
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: TERMINAL_THEMES[getTheme()],
    });
    const unfollowTheme = subscribePreferences(() => {
      term.options.theme = TERMINAL_THEMES[getTheme()];
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    fitRef.current = fit;
    const disconnect = connect((data) => term.write(data));
    const input = term.onData((data) => {
      if (!props.current.readOnly) props.current.onInput(data);
    });
    let last = '';
    const refit = () => {
      if (!host.current || host.current.offsetParent === null) return; // hidden: nothing to measure
      fit.fit();
      const size = `${term.cols}x${term.rows}`;
      if (size !== last) {
        last = size;
        // What the pty is told, for a look in the inspector (and the layout test).
        host.current.dataset.cols = String(term.cols);
        host.current.dataset.rows = String(term.rows);
        props.current.onResize(term.cols, term.rows);
      }
    };
    const observer = new ResizeObserver(refit);
    observer.observe(host.current!);
    refit();
    return () => {
      observer.disconnect();
      unfollowTheme();
      input.dispose();
      disconnect();
      term.dispose();
      fitRef.current = null;
    };
    // One xterm per terminal for the life of the tab.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [termId]);

  return <div ref={host} className="term-view" data-term={termId} style={{ display: visible ? 'block' : 'none' }} />;
}
