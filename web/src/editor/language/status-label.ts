/**
 * The status bar's word for Python (`lang.status`, LANG-2): whether the language server
 * is there, and what is missing where the code runs ("ruff: formatting" → "ruff missing
 * (no formatting)"), with the details in the tooltip. Pure.
 */
import type { LangStatusMessage } from '@tandem/protocol';

export interface StatusLabel {
  text: string;
  title: string;
  /** For the dot: ready, busy (starting), or down. */
  kind: 'ready' | 'busy' | 'down';
}

const STATE: Record<LangStatusMessage['state'], { word: string; kind: StatusLabel['kind'] }> = {
  stopped: { word: 'stopped', kind: 'down' },
  starting: { word: 'starting…', kind: 'busy' },
  ready: { word: 'ready', kind: 'ready' },
  restarting: { word: 'restarting…', kind: 'busy' },
  failed: { word: 'failed', kind: 'down' },
  unavailable: { word: 'unavailable', kind: 'down' },
};

/**
 * One `missing` entry, short: the tool (its first word) and what goes without it, from
 * "ruff: formatting" as the protocol has it or the executor's sentences ("ruff is not
 * installed in the execution image: no formatting or lint fixes"). The tooltip has it whole.
 */
export function describeMissing(entry: string): string {
  const tool = entry.trim().split(/[\s:]/)[0] ?? entry;
  const colon = entry.lastIndexOf(':');
  const without = colon > 0 ? entry.slice(colon + 1).trim().replace(/^no\s+/i, '') : '';
  return without ? `${tool} missing (no ${without})` : `${tool} missing`;
}

export const isPythonPath = (path: string) => /\.pyi?$/i.test(path);

export function statusLabel(status: LangStatusMessage | null): StatusLabel {
  if (!status) return { text: 'Python: starting…', title: 'Waiting for the language server', kind: 'busy' };
  const { word, kind } = STATE[status.state];
  const missing = status.missing.map(describeMissing);
  const lines = [`Python language server: ${word}`, ...(status.message ? [status.message] : []), ...status.missing];
  const title = lines.join('\n');
  if (status.state !== 'ready' || missing.length === 0) return { text: `Python: ${word}`, title, kind };
  return { text: missing.length === 1 ? `Python: ${missing[0]}` : `Python: ready, ${missing.length} tools missing`, title, kind };
}
