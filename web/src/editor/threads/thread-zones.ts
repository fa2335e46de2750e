/**
 * Thread widgets in Monaco view zones (as VS Code's comment widget): each zone reserves
 * the height of its widget under a line, and holds a DOM node with its own React root.
 *
 * The zone's node stops pointer and key events from bubbling further: Monaco's mouse
 * handler would otherwise take a click in the reply box as a click in the text (and
 * keep the focus), and its keybindings would take Ctrl+Z typed there as an undo of the
 * file. React still sees them: its root is the content node, inside the zone.
 */
import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { monaco } from '../monaco';

const STOPPED = ['pointerdown', 'mousedown', 'mouseup', 'click', 'dblclick', 'contextmenu', 'keydown', 'keyup', 'keypress', 'paste', 'copy', 'cut'] as const;

interface Zone {
  id: string;
  /** What the widget was last rendered from: the same again needs no render. */
  version: string;
  zone: monaco.editor.IViewZone;
  content: HTMLElement;
  root: Root;
  resize: ResizeObserver;
}

export class ThreadZones {
  private readonly zones = new Map<string, Zone>();

  constructor(private readonly editor: monaco.editor.IStandaloneCodeEditor) {
    editor.getDomNode()?.querySelector('.view-zones')?.removeAttribute('aria-hidden');
  }

  /** Puts a zone for each key after its line (made, moved or removed as needed), and renders its widget. */
  sync(entries: ReadonlyArray<{ key: string; afterLine: number; version: string; render: ReactNode }>): void {
    const wanted = new Map(entries.map((e) => [e.key, e]));
    this.editor.changeViewZones((accessor) => {
      for (const [key, z] of this.zones) {
        if (!wanted.has(key)) {
          accessor.removeZone(z.id);
          z.resize.disconnect();
          // Unmounting during React's own render is refused: after this task.
          queueMicrotask(() => z.root.unmount());
          this.zones.delete(key);
        }
      }
      for (const e of entries) {
        const z = this.zones.get(e.key);
        if (z) {
          if (z.zone.afterLineNumber !== e.afterLine) {
            z.zone.afterLineNumber = e.afterLine;
            accessor.layoutZone(z.id);
          }
          continue;
        }
        const domNode = document.createElement('div');
        domNode.className = 'thread-zone';
        for (const type of STOPPED) domNode.addEventListener(type, (ev) => ev.stopPropagation());
        const content = document.createElement('div');
        content.className = 'thread-zone-content';
        content.style.width = `${Math.max(320, this.editor.getLayoutInfo().contentWidth - 40)}px`;
        domNode.appendChild(content);
        const zone: monaco.editor.IViewZone = { afterLineNumber: e.afterLine, heightInPx: 120, domNode, suppressMouseDown: true };
        const id = accessor.addZone(zone);
        const made: Zone = { id, version: '', zone, content, root: createRoot(content), resize: new ResizeObserver(() => this.fit(made)) };
        made.resize.observe(content);
        this.zones.set(e.key, made);
      }
    });
    for (const e of entries) {
      const z = this.zones.get(e.key)!;
      if (z.version === e.version) continue;
      z.version = e.version;
      z.root.render(e.render);
    }
  }

  /** Zones whose widget changed height, laid out together once per frame. */
  private resized = new Set<Zone>();
  private resizeFrame: number | null = null;

  /** The zone takes the height its widget has now. */
  private fit(z: Zone): void {
    this.resized.add(z);
    this.resizeFrame ??= requestAnimationFrame(() => {
      this.resizeFrame = null;
      const batch = [...this.resized];
      this.resized.clear();
      this.editor.changeViewZones((a) => {
        for (const r of batch) {
          const height = r.content.offsetHeight + 8;
          if (Math.abs((r.zone.heightInPx ?? 0) - height) < 1) continue;
          r.zone.heightInPx = height;
          a.layoutZone(r.id);
        }
      });
    });
  }

  destroy(): void {
    if (this.resizeFrame !== null) cancelAnimationFrame(this.resizeFrame);
    this.editor.changeViewZones((a) => {
      for (const z of this.zones.values()) a.removeZone(z.id);
    });
    for (const z of this.zones.values()) {
      z.resize.disconnect();
      const root = z.root;
      queueMicrotask(() => root.unmount());
    }
    this.zones.clear();
  }
}
