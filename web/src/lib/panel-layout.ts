/**
 * The IDE's panel sizes: how wide the sidebar is, how tall the terminal panel, and
 * whether each is shown. Kept in localStorage as one JSON value (every workspace shares
 * it, as a desktop editor keeps one layout); anything unreadable there falls back to the
 * defaults field by field. Pure: the hook (hooks/use-panel-layout.ts) does the storing.
 */

export interface PanelLayout {
  sidebarWidth: number;
  sidebarOpen: boolean;
  terminalHeight: number;
  terminalOpen: boolean;
}

export interface SizeLimits {
  min: number;
  max: number;
}

export const LAYOUT_STORAGE_KEY = 'tandem.layout';
export const DEFAULT_LAYOUT: PanelLayout = { sidebarWidth: 240, sidebarOpen: true, terminalHeight: 260, terminalOpen: true };
export const SIDEBAR_LIMITS: SizeLimits = { min: 160, max: 640 };
export const TERMINAL_LIMITS: SizeLimits = { min: 96, max: 1200 };

/** Pixels one arrow key moves a divider; with Shift, four times that. */
export const KEY_STEP = 16;

export const clampSize = (size: number, { min, max }: SizeLimits) => Math.round(Math.min(Math.max(size, min), Math.max(min, max)));

export function parseLayout(raw: string | null): PanelLayout {
  let value: unknown = null;
  try {
    value = raw === null ? null : JSON.parse(raw);
  } catch {
    // A value another version wrote, or someone edited: the defaults.
  }
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const size = (key: 'sidebarWidth' | 'terminalHeight', limits: SizeLimits) =>
    typeof v[key] === 'number' && Number.isFinite(v[key]) ? clampSize(v[key], limits) : DEFAULT_LAYOUT[key];
  const flag = (key: 'sidebarOpen' | 'terminalOpen') => (typeof v[key] === 'boolean' ? v[key] : DEFAULT_LAYOUT[key]);
  return {
    sidebarWidth: size('sidebarWidth', SIDEBAR_LIMITS),
    sidebarOpen: flag('sidebarOpen'),
    terminalHeight: size('terminalHeight', TERMINAL_LIMITS),
    terminalOpen: flag('terminalOpen'),
  };
}

/**
 * The size a divider key asks for (the WAI-ARIA window splitter pattern), or null for
 * a key that is not the divider's. `grow` is the arrow that makes the panel bigger: the
 * sidebar grows to the right, the terminal panel (below its divider) grows upwards.
 */
export function keyedSize(
  key: { key: string; shiftKey: boolean },
  size: number,
  limits: SizeLimits,
  grow: 'ArrowRight' | 'ArrowUp',
): number | null {
  const shrink = grow === 'ArrowRight' ? 'ArrowLeft' : 'ArrowDown';
  const step = key.shiftKey ? KEY_STEP * 4 : KEY_STEP;
  if (key.key === grow) return clampSize(size + step, limits);
  if (key.key === shrink) return clampSize(size - step, limits);
  if (key.key === 'Home') return limits.min;
  if (key.key === 'End') return Math.max(limits.min, limits.max);
  return null;
}

/** The size after dragging a divider `delta` pixels along its axis from where the drag began. */
export function draggedSize(startSize: number, delta: number, limits: SizeLimits, grow: 'ArrowRight' | 'ArrowUp'): number {
  return clampSize(grow === 'ArrowRight' ? startSize + delta : startSize - delta, limits);
}
