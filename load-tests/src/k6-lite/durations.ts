import { InvalidOptionError } from './errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A k6 duration ("500ms", "4s", "1m30s", "1.5h") in milliseconds. A bare number is
 * seconds, as the k6 CLI reads `--duration 10`.
 */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return checked(text * 1000, String(text));
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return checked(Number(trimmed) * 1000, text);
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < trimmed.length) {
    part.lastIndex = pos;
    const m = part.exec(trimmed);
    if (!m) throw new InvalidOptionError(`invalid duration "${text}" (expected e.g. 500ms, 4s, 1m30s)`);
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    pos = part.lastIndex;
  }
  if (trimmed.length === 0) throw new InvalidOptionError('empty duration');
  return checked(total, text);
}

function checked(ms: number, text: string): number {
  if (!Number.isFinite(ms) || ms < 0) throw new InvalidOptionError(`invalid duration "${text}"`);
  return ms;
}

/** "4s", "1m30s", "250ms": how the summary prints a duration. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toFixed(1))}s`;
  const m = Math.floor(s / 60);
  const rest = Number((s - m * 60).toFixed(1));
  return rest ? `${m}m${rest}s` : `${m}m`;
}
