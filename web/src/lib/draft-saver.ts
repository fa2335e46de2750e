/**
 * When a comment being written goes to the server: at most DRAFT_DELAY_MS after the
 * typing stops (so a closed tab or a crash loses at most a second), at once on blur or
 * unload. One timer per draft key; the last text wins. Timers and the save are injected.
 */
export const DRAFT_DELAY_MS = 1_000;

export interface DraftText {
  body: string;
  suggestion?: string | null;
}

export interface DraftSaverDeps<T extends DraftText> {
  save(key: string, draft: T, opts: { keepalive: boolean }): void;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

export class DraftSaver<T extends DraftText = DraftText> {
  private readonly waiting = new Map<string, { draft: T; timer: unknown }>();
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: DraftSaverDeps<T>) {
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** The text changed: saved once it has been still for DRAFT_DELAY_MS. */
  changed(key: string, draft: T): void {
    const before = this.waiting.get(key);
    if (before) this.clearTimer(before.timer);
    const timer = this.setTimer(() => this.flush(key, false), DRAFT_DELAY_MS);
    this.waiting.set(key, { draft, timer });
  }

  /** Save now what waits (blur: keepalive false; unload: true, so the request outlives the page). */
  flush(key?: string, keepalive = false): void {
    const keys = key === undefined ? [...this.waiting.keys()] : [key];
    for (const k of keys) {
      const w = this.waiting.get(k);
      if (!w) continue;
      this.clearTimer(w.timer);
      this.waiting.delete(k);
      this.deps.save(k, w.draft, { keepalive });
    }
  }

  /** Posted or discarded: nothing more to save for this key. */
  cancel(key: string): void {
    const w = this.waiting.get(key);
    if (w) this.clearTimer(w.timer);
    this.waiting.delete(key);
  }

  pending(key: string): boolean {
    return this.waiting.has(key);
  }
}
