/**
 * The status bar's one word about the connection, from what the page knows (pure):
 * the browser's own online flag, the workspace socket and the open file's /sync.
 * "Connected" only when both are open; "Offline" when the browser says so; otherwise
 * "Reconnecting (attempt n)" once a connection was lost, or a final reason.
 */
import type { Link } from './connection-store';

export type ConnectionStatus =
  | { kind: 'connected' }
  | { kind: 'connecting' }
  | { kind: 'reconnecting'; attempt: number }
  | { kind: 'offline' }
  | { kind: 'closed'; reason: string };

export interface ConnectionFacts {
  online: boolean;
  workspace: Link;
  /** The final reason the workspace socket gave up, when it did. */
  problem: string | null;
  /** The open file's /sync, when a file is open. */
  file: Link | undefined;
}

export function connectionStatus({ online, workspace, problem, file }: ConnectionFacts): ConnectionStatus {
  if (workspace.state === 'closed') return { kind: 'closed', reason: problem ?? 'Disconnected' };
  if (!online) return { kind: 'offline' };
  const links = file ? [workspace, file] : [workspace];
  // A file closed for good (deleted, access gone) says so in its save state; the workspace socket speaks for the rest.
  const down = links.filter((l) => l.state === 'connecting');
  if (down.length === 0) return { kind: 'connected' };
  const attempt = Math.max(...down.map((l) => l.attempt));
  return attempt > 0 ? { kind: 'reconnecting', attempt } : { kind: 'connecting' };
}

export function connectionLabel(status: ConnectionStatus): string {
  switch (status.kind) {
    case 'connected':
      return 'Connected';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return `Reconnecting (attempt ${status.attempt})`;
    case 'offline':
      return 'Offline';
    case 'closed':
      return status.reason;
  }
}
