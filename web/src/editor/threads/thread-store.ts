/**
 * The threads of a workspace (or of one review) as the IDE knows them: listed over
 * HTTP, then kept live by the `/ws` messages `thread` (upsert) and `thread.deleted`,
 * listed again after every (re)connect since messages sent while the socket was down
 * are gone. Also the user's drafts, and the requests to reveal a thread (the panel's
 * jumps), so that the open editors and the panel share one source.
 */
import type { Draft, Thread } from '@tandem/protocol';
import { DraftSaver } from '../../lib/draft-saver';
import type { PutDraftBody } from '@tandem/protocol';

export interface ThreadStoreDeps {
  list(): Promise<Thread[]>;
  listDrafts(): Promise<Draft[]>;
  putDraft(key: string, body: PutDraftBody, keepalive: boolean): Promise<unknown>;
  deleteDraft(key: string): Promise<unknown>;
  /** Only threads of this review (the review page), else all of the workspace. */
  reviewId?: string | null;
}

export interface RevealRequest {
  threadId: string;
  itemId: string;
  seq: number;
}

type DraftBody = PutDraftBody & { body: string };

export class ThreadStore {
  private readonly threads = new Map<string, Thread>();
  private readonly listeners = new Set<() => void>();
  private list: Thread[] = [];
  private drafts = new Map<string, Draft>();
  private listing: { touched: Set<string> } | null = null;
  private revealSeq = 0;
  /** Saves on their way, per key: a post waits for them, or the server could keep a draft it just deleted. */
  private readonly saving = new Map<string, Promise<unknown>>();
  /** The drafts were listed (once per page): new-thread drafts may be brought back. */
  draftsLoaded = false;
  reveal: RevealRequest | null = null;
  readonly draftSaver: DraftSaver<DraftBody>;

  constructor(private readonly deps: ThreadStoreDeps) {
    this.draftSaver = new DraftSaver<DraftBody>({
      save: (key, draft, { keepalive }) => {
        this.drafts.set(key, { key, workspaceId: '', itemId: draft.itemId ?? null, threadId: draft.threadId ?? null, range: draft.range ?? null, body: draft.body, suggestion: draft.suggestion ?? null, updatedAt: new Date().toISOString() });
        const put = deps.putDraft(key, draft, keepalive).catch(() => undefined);
        this.saving.set(key, put);
        void put.then(() => this.saving.get(key) === put && this.saving.delete(key));
      },
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** The same array until something changes (for useSyncExternalStore). */
  snapshot = (): Thread[] => this.list;

  get(id: string): Thread | undefined {
    return this.threads.get(id);
  }

  /** List again (on each socket open); live messages meanwhile win over the older answer. */
  async refresh(): Promise<void> {
    const listing = { touched: new Set<string>() };
    this.listing = listing;
    const [threads, drafts] = await Promise.all([this.deps.list(), this.drafts.size === 0 ? this.deps.listDrafts().catch(() => []) : Promise.resolve(null)]);
    if (this.listing !== listing) return;
    this.listing = null;
    if (drafts) {
      for (const d of drafts) if (!this.drafts.has(d.key)) this.drafts.set(d.key, d);
      this.draftsLoaded = true;
    }
    const fresh = new Set(threads.map((t) => t.id));
    for (const id of [...this.threads.keys()]) if (!fresh.has(id) && !listing.touched.has(id)) this.threads.delete(id);
    for (const t of threads) if (!listing.touched.has(t.id)) this.threads.set(t.id, t);
    this.changed();
  }

  /** A thread made or changed (a `/ws` message, or the answer to our own request). */
  upsert(thread: Thread): void {
    if (this.deps.reviewId && thread.reviewId !== this.deps.reviewId) return;
    const before = this.threads.get(thread.id);
    if (before && before.updatedAt > thread.updatedAt) return;
    this.listing?.touched.add(thread.id);
    this.threads.set(thread.id, thread);
    this.changed();
  }

  remove(threadId: string): void {
    this.listing?.touched.add(threadId);
    if (this.threads.delete(threadId)) this.changed();
  }

  draft(key: string): Draft | undefined {
    return this.drafts.get(key);
  }

  draftsWithPrefix(prefix: string): Draft[] {
    return [...this.drafts.values()].filter((d) => d.key.startsWith(prefix));
  }

  /** Before posting with `draftKey`: nothing waits to be saved, nothing is on its way. */
  async settleDraft(key: string): Promise<void> {
    this.draftSaver.cancel(key);
    await this.saving.get(key);
  }

  /** Posted (the server deleted it with `draftKey`) or discarded. */
  dropDraft(key: string, onServer: boolean): void {
    this.draftSaver.cancel(key);
    this.drafts.delete(key);
    if (onServer) void this.deps.deleteDraft(key).catch(() => undefined);
  }

  /** The panel asks to open a thread: the workspace opens its file, that editor reveals it. */
  requestReveal(thread: Thread): void {
    this.reveal = { threadId: thread.id, itemId: thread.itemId, seq: ++this.revealSeq };
    this.changed();
  }

  /** What the open editors resolved (state and line now), for the panel: newer than the server's answer. */
  private readonly live = new Map<string, { state: Thread['state']; line: number | null }>();
  private liveVersion = 0;
  private readonly liveListeners = new Set<() => void>();

  setLive(views: ReadonlyArray<{ id: string; state: Thread['state']; line: number | null }>): void {
    let changed = false;
    for (const v of views) {
      const before = this.live.get(v.id);
      if (before?.state === v.state && before.line === v.line) continue;
      this.live.set(v.id, { state: v.state, line: v.line });
      changed = true;
    }
    if (!changed) return;
    this.liveVersion++;
    for (const l of this.liveListeners) l();
  }

  liveOf(id: string): { state: Thread['state']; line: number | null } | undefined {
    return this.live.get(id);
  }

  subscribeLive = (listener: () => void): (() => void) => {
    this.liveListeners.add(listener);
    return () => void this.liveListeners.delete(listener);
  };

  liveSnapshot = (): number => this.liveVersion;

  private changed(): void {
    this.list = [...this.threads.values()];
    for (const l of this.listeners) l();
  }
}
