import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, draggedSize, keyedSize, parseLayout, SIDEBAR_LIMITS, TERMINAL_LIMITS } from './panel-layout';

describe('parseLayout', () => {
  it('reads what it wrote', () => {
    const layout = { sidebarWidth: 300, sidebarOpen: false, terminalHeight: 400, terminalOpen: false };
    expect(parseLayout(JSON.stringify(layout))).toEqual(layout);
  });
  it('falls back field by field, and clamps sizes', () => {
    expect(parseLayout(null)).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('{nope')).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('[1,2]')).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('"text"')).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout(JSON.stringify({ sidebarWidth: 'wide', terminalOpen: 'yes', terminalHeight: 1e9 }))).toEqual({
      ...DEFAULT_LAYOUT,
      terminalHeight: TERMINAL_LIMITS.max,
    });
    expect(parseLayout(JSON.stringify({ sidebarWidth: -5 })).sidebarWidth).toBe(SIDEBAR_LIMITS.min);
    expect(parseLayout('{"sidebarWidth":1e999}').sidebarWidth).toBe(DEFAULT_LAYOUT.sidebarWidth);
  });
});

describe('divider keys', () => {
  const limits = { min: 100, max: 300 };
  const key = (k: string, shiftKey = false) => ({ key: k, shiftKey });
  it('grow and shrink by a step, four with Shift, within the limits', () => {
    expect(keyedSize(key('ArrowRight'), 200, limits, 'ArrowRight')).toBe(216);
    expect(keyedSize(key('ArrowLeft', true), 200, limits, 'ArrowRight')).toBe(136);
    expect(keyedSize(key('ArrowUp'), 200, limits, 'ArrowUp')).toBe(216);
    expect(keyedSize(key('ArrowDown'), 110, limits, 'ArrowUp')).toBe(100);
    expect(keyedSize(key('ArrowRight'), 295, limits, 'ArrowRight')).toBe(300);
    expect(keyedSize(key('Home'), 200, limits, 'ArrowUp')).toBe(100);
    expect(keyedSize(key('End'), 200, limits, 'ArrowUp')).toBe(300);
  });
  it('leave other keys alone', () => {
    expect(keyedSize(key('ArrowUp'), 200, limits, 'ArrowRight')).toBeNull();
    expect(keyedSize(key('a'), 200, limits, 'ArrowUp')).toBeNull();
  });
  it('a viewport smaller than the minimum keeps the minimum', () => {
    expect(keyedSize(key('End'), 200, { min: 100, max: 50 }, 'ArrowUp')).toBe(100);
  });
  it('drags: right widens the sidebar, up heightens the terminal', () => {
    expect(draggedSize(200, 40, limits, 'ArrowRight')).toBe(240);
    expect(draggedSize(200, -40, limits, 'ArrowUp')).toBe(240);
    expect(draggedSize(200, 500, limits, 'ArrowUp')).toBe(100);
  });
});
