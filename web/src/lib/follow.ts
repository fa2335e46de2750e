/**
 * Following someone (pure parts): which of the file's awareness states is the
 * followed person's cursor, and which keys end following. The editor side is
 * editor/follow-cursor.ts; the workspace keeps who is followed.
 */

export interface AwarenessEntry {
  clientId: number;
  state: Record<string, unknown>;
  /** When the state last changed (awareness meta), to pick one of several tabs. */
  lastUpdated: number;
}

/** y-monaco's `selection` field: the caret (`head`) as a Y.RelativePosition in JSON. */
export function followedHead(entries: readonly AwarenessEntry[], username: string, ownClientId: number): unknown | null {
  let best: AwarenessEntry | null = null;
  for (const entry of entries) {
    if (entry.clientId === ownClientId) continue;
    const user = entry.state['user'] as { name?: unknown } | undefined;
    const selection = entry.state['selection'] as { head?: unknown } | null | undefined;
    if (user?.name !== username || !selection || typeof selection.head !== 'object' || selection.head === null) continue;
    if (!best || entry.lastUpdated > best.lastUpdated) best = entry;
  }
  return best ? (best.state['selection'] as { head: unknown }).head : null;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

/** What a keydown does to following: Escape stops it (and is consumed), typing stops it, modifiers alone do not. */
export function followKey(key: Pick<KeyboardEvent, 'key'>): 'stop-consume' | 'stop' | 'keep' {
  if (key.key === 'Escape') return 'stop-consume';
  return MODIFIERS.has(key.key) ? 'keep' : 'stop';
}
