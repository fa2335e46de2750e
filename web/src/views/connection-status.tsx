'use client';
/**
 * The status bar's connection word (lib/connection-status.ts): Connected, Reconnecting
 * (attempt n), Offline, or why the workspace socket gave up, from the workspace
 * socket and the open file's /sync as this page knows them.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { fileLinkKey, readLink, subscribeLinks, workspaceLinkKey, type Link } from '../lib/connection-store';
import { connectionLabel, connectionStatus } from '../lib/connection-status';
import type { SocketState } from '../lib/workspace-socket';

interface Props {
  socket: SocketState;
  /** Why the workspace socket ended for good, when it did. */
  problem: string | null;
  activeItemId: string | null;
}

const DOT: Record<string, string> = { connected: 'open', connecting: 'connecting', reconnecting: 'connecting', offline: 'closed', closed: 'closed' };

function useOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

const linkText = (key: string) => {
  const l = readLink(key);
  return l ? `${l.state}:${l.attempt}` : '';
};
const parse = (text: string): Link | undefined => {
  if (!text) return undefined;
  const [state, attempt] = text.split(':');
  return { state: state as Link['state'], attempt: Number(attempt) };
};

export function ConnectionStatus({ socket, problem, activeItemId }: Props) {
  const online = useOnline();
  // Strings, so that React compares snapshots by value.
  const workspace = useSyncExternalStore(subscribeLinks, () => linkText(workspaceLinkKey), () => '');
  const file = useSyncExternalStore(subscribeLinks, () => (activeItemId ? linkText(fileLinkKey(activeItemId)) : ''), () => '');
  const status = connectionStatus({
    online,
    workspace: parse(workspace) ?? { state: socket, attempt: 0 },
    problem,
    file: parse(file),
  });
  return (
    <span data-testid="connection" data-status={status.kind}>
      <span className={`dot ${DOT[status.kind]}`} />
      {connectionLabel(status)}
    </span>
  );
}
