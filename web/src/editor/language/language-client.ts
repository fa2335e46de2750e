/**
 * The IDE's end of language intelligence on `/ws` (docs/protocols.md LANG-1..8): which
 * files this page has open (`lang.open`/`lang.close`, sent again after every reconnect),
 * requests with ids of this socket and their answers, cancellation, the latest status
 * and diagnostics, and the server-applied edits this user may undo. Messages in,
 * messages out, through a port: no Monaco, no Yjs, so the workspace page can hold one
 * before any Python file opens.
 *
 * Every request is answered: the server's `lang.result`, or here, as not ok, when the
 * socket is not open, drops before the answer, the caller cancels, or nothing came in
 * time (a Monaco widget waiting forever is worse than an empty one).
 */
import {
  MAX_LANGUAGE_REQUEST_ID,
  type ClientMessage,
  type LangAppliedMessage,
  type LangDiagnosticsMessage,
  type LangStatusMessage,
  type LanguageMethod,
  type LanguageResults,
  type ServerMessage,
} from '@tandem/protocol';
import { ServerEditLog } from './undo-choice';

export interface LanguagePort {
  send(message: ClientMessage): boolean;
  subscribe(listener: (message: ServerMessage) => void): () => void;
}

export type LanguageAnswer<M extends LanguageMethod> = { ok: true; result: LanguageResults[M] } | { ok: false; code: string; message: string };

type RequestMessage = Extract<ClientMessage, { type: 'lang.request' }>;
export type RequestFields = Omit<RequestMessage, 'type' | 'id' | 'method'>;

/** Monaco's CancellationToken, structurally. */
export interface CancelSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** Longer than the server's own 3 s wait for the asker's state plus a cold language server's first answer. */
export const REQUEST_TIMEOUT_MS = 20_000;

interface Pending {
  resolve(answer: LanguageAnswer<LanguageMethod>): void;
}

export class LanguageClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly opened = new Map<string, number>();
  private readonly diagnostics = new Map<string, LangDiagnosticsMessage>();
  private readonly diagnosticListeners = new Map<string, Set<(m: LangDiagnosticsMessage) => void>>();
  private readonly statusListeners = new Set<() => void>();
  private readonly appliedListeners = new Set<(m: LangAppliedMessage) => void>();
  private readonly undoFailedListeners = new Set<(message: string) => void>();
  private statusMessage: LangStatusMessage | null = null;
  readonly serverEdits = new ServerEditLog();

  constructor(private readonly port: LanguagePort, private readonly timeoutMs = REQUEST_TIMEOUT_MS) {}

  /** Starts reading the socket's messages; the returned function stops, answering what is pending as dropped. */
  listen(): () => void {
    const unsubscribe = this.port.subscribe((m) => this.receive(m));
    return () => {
      unsubscribe();
      this.connectionChanged(false);
    };
  }

  /** This page shows the file in an editor: its diagnostics and the status come here until the returned release. */
  open(itemId: string): () => void {
    const count = this.opened.get(itemId) ?? 0;
    this.opened.set(itemId, count + 1);
    if (count === 0) this.port.send({ type: 'lang.open', itemId });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.opened.get(itemId) ?? 1) - 1;
      if (left > 0) return void this.opened.set(itemId, left);
      this.opened.delete(itemId);
      this.diagnostics.delete(itemId);
      this.port.send({ type: 'lang.close', itemId });
    };
  }

  /** The socket opened (again): the server knows nothing of this page's files. Closed: nothing pending will be answered. */
  connectionChanged(open: boolean): void {
    if (open) {
      for (const itemId of this.opened.keys()) this.port.send({ type: 'lang.open', itemId });
      return;
    }
    for (const p of [...this.pending.values()]) {
      p.resolve({ ok: false, code: 'disconnected', message: 'The connection to the server dropped' });
    }
  }

  request<M extends LanguageMethod>(method: M, fields: RequestFields, cancel?: CancelSignal): Promise<LanguageAnswer<M>> {
    if (cancel?.isCancellationRequested) return Promise.resolve(cancelled());
    const id = this.nextId;
    this.nextId = id >= MAX_LANGUAGE_REQUEST_ID ? 1 : id + 1;
    return new Promise<LanguageAnswer<M>>((resolve) => {
      let listening: { dispose(): void } | undefined;
      const timer = setTimeout(() => give(true, { ok: false, code: 'timeout', message: 'The language server did not answer in time' }), this.timeoutMs);
      const give = (tellServer: boolean, answer: LanguageAnswer<LanguageMethod>) => {
        if (!this.pending.delete(id)) return;
        clearTimeout(timer);
        listening?.dispose();
        if (tellServer) this.port.send({ type: 'lang.cancel', id });
        resolve(answer as LanguageAnswer<M>);
      };
      this.pending.set(id, { resolve: (answer) => give(false, answer) });
      if (!this.port.send({ type: 'lang.request', id, method, ...fields })) {
        give(false, { ok: false, code: 'offline', message: 'Not connected to the server' });
        return;
      }
      listening = cancel?.onCancellationRequested(() => give(true, cancelled()));
    });
  }

  /** Takes back a server-applied edit in every file it changed (LANG-6). */
  undo(editId: string): boolean {
    this.serverEdits.consume(editId);
    return this.port.send({ type: 'lang.undo', editId });
  }

  get status(): LangStatusMessage | null {
    return this.statusMessage;
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }

  /** Called with the file's latest diagnostics now (if any) and whenever new ones come. */
  onDiagnostics(itemId: string, listener: (m: LangDiagnosticsMessage) => void): () => void {
    const set = this.diagnosticListeners.get(itemId) ?? new Set();
    this.diagnosticListeners.set(itemId, set);
    set.add(listener);
    const latest = this.diagnostics.get(itemId);
    if (latest) listener(latest);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.diagnosticListeners.delete(itemId);
    };
  }

  onApplied(listener: (m: LangAppliedMessage) => void): () => void {
    this.appliedListeners.add(listener);
    return () => void this.appliedListeners.delete(listener);
  }

  /** A `lang.undo` the server could not carry out (`error` `not_undoable`): why, in words. */
  onUndoFailed(listener: (message: string) => void): () => void {
    this.undoFailedListeners.add(listener);
    return () => void this.undoFailedListeners.delete(listener);
  }

  private receive(m: ServerMessage): void {
    switch (m.type) {
      case 'lang.result': {
        const pending = this.pending.get(m.id);
        if (!pending) return; // Cancelled or timed out here already.
        pending.resolve(m.ok ? { ok: true, result: m.result as LanguageResults[LanguageMethod] } : { ok: false, code: m.code ?? 'error', message: m.message ?? 'The language server failed' });
        return;
      }
      case 'lang.status':
        this.statusMessage = m;
        for (const listener of [...this.statusListeners]) listener();
        return;
      case 'lang.diagnostics': {
        if (!this.opened.has(m.itemId)) return;
        const before = this.diagnostics.get(m.itemId);
        // Published once per checked version; an older one overtaken in flight is stale.
        if (before && before.version > m.version) return;
        this.diagnostics.set(m.itemId, m);
        for (const listener of [...(this.diagnosticListeners.get(m.itemId) ?? [])]) listener(m);
        return;
      }
      case 'lang.applied':
        this.serverEdits.record(m.editId, m.files.map((f) => f.itemId));
        for (const listener of [...this.appliedListeners]) listener(m);
        return;
      case 'error':
        if (m.code === 'not_undoable') for (const listener of [...this.undoFailedListeners]) listener(m.message);
        return;
      default:
        return;
    }
  }
}

const cancelled = <M extends LanguageMethod>(): LanguageAnswer<M> => ({ ok: false, code: 'cancelled', message: 'Cancelled' });
