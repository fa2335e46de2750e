'use client';
/**
 * A divider between two panels that resizes one of them: dragged with the pointer, or
 * focused and moved with the arrow keys, Home and End (the WAI-ARIA window splitter:
 * role=separator with aria-valuenow). Enter collapses or restores the panel.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { draggedSize, keyedSize, type SizeLimits } from '../lib/panel-layout';

interface Props {
  label: string;
  /** `vertical`: a vertical bar between left and right (the sidebar's); `horizontal`: above the terminal panel. */
  orientation: 'vertical' | 'horizontal';
  size: number;
  limits: SizeLimits;
  /** The id of the panel it resizes. */
  controls: string;
  onSize(size: number): void;
  onToggle(): void;
}

export function PanelDivider({ label, orientation, size, limits, controls, onSize, onToggle }: Props) {
  const grow = orientation === 'vertical' ? 'ArrowRight' : 'ArrowUp';
  const drag = useRef<{ start: number; size: number } | null>(null);
  const coordinate = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      return onToggle();
    }
    const next = keyedSize(event, size, limits, grow);
    if (next === null) return;
    event.preventDefault();
    onSize(next);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
    drag.current = { start: coordinate(event), size };
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!drag.current) return;
    onSize(draggedSize(drag.current.size, coordinate(event) - drag.current.start, limits, grow));
  };
  const end = () => {
    drag.current = null;
  };

  return (
    <div role="separator" tabIndex={0} aria-label={label} aria-orientation={orientation} aria-controls={controls}
      aria-valuenow={size} aria-valuemin={limits.min} aria-valuemax={Math.max(limits.min, limits.max)}
      className={`panel-divider ${orientation}`} onKeyDown={onKeyDown}
      onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={end} onPointerCancel={end} />
  );
}
