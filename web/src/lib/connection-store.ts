/**
 * What this page knows of each of its connections (the workspace socket, each open
 * file's /sync), for the status bar: open or not, and how many attempts since it was
 * last open. The sockets report here; `ConnectionStatus` reads. No React.
 */
export interface Link {
  state: 'connecting' | 'open' | 'closed';
  /** Failed or dropped connections since the last open: 0 before the first drop. */
  attempt: number;
}

const links = new Map<string, Link>();
const listeners = new Set<() => void>();

export const workspaceLinkKey = 'workspace';
export const fileLinkKey = (itemId: string) => `file:${itemId}`;

export function reportLink(key: string, link: Link | null): void {
  const before = links.get(key);
  if (link === null) links.delete(key);
  else if (before?.state === link.state && before.attempt === link.attempt) return;
  else links.set(key, link);
  for (const listener of [...listeners]) listener();
}

export function readLink(key: string): Link | undefined {
  return links.get(key);
}

export function subscribeLinks(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
