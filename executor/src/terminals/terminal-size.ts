/**
 * Terminal sizes from clients, made safe for a pseudo-terminal (pure logic): whole
 * numbers between 1 and 1000. A pty given 0, NaN or a huge size throws or
 * allocates for it; a client sending that gets the nearest usable size instead.
 */
export interface TerminalSize {
  cols: number;
  rows: number;
}

const MAX = 1000;

export function normaliseSize(size: { cols: unknown; rows: unknown }, fallback: TerminalSize = { cols: 80, rows: 24 }): TerminalSize {
  return { cols: clamp(size.cols, fallback.cols), rows: clamp(size.rows, fallback.rows) };
}

function clamp(value: unknown, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(MAX, Math.max(1, Math.floor(value)));
}
