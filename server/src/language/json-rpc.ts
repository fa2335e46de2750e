/**
 * JSON-RPC 2.0 over the framed stream of one language server process: requests with
 * ids of our own, notifications both ways, and the requests a language server makes
 * of its client (`workspace/configuration` and the like), answered by `onRequest`.
 * What the server writes is checked for shape only as far as routing needs; a
 * result's content is the caller's to validate.
 */
import { encodeMessage, MessageReader } from './lsp-framing';

export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** The connection ended (the process exited) before the answer came. */
export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
}

export interface RpcTransport {
  write(bytes: Buffer): void;
}

export interface RpcHandlers {
  notification(method: string, params: unknown): void;
  /** Answer a request from the server (a promise is waited for); throw RpcError to refuse it. */
  request(method: string, params: unknown): unknown;
  /** A broken stream (framing): the caller ends the process. */
  broken(error: Error): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface SentRequest<T> {
  readonly id: number;
  readonly result: Promise<T>;
  /** Sends `$/cancelRequest`; the answer (usually an error) still settles `result`. */
  cancel(): void;
}

export class RpcConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly reader: MessageReader;
  private closed = false;

  constructor(
    private readonly transport: RpcTransport,
    private readonly handlers: RpcHandlers,
    maxMessageBytes?: number,
  ) {
    this.reader = new MessageReader(maxMessageBytes);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Feed what the process wrote to stdout. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let messages: unknown[];
    try {
      messages = this.reader.push(chunk);
    } catch (error) {
      this.handlers.broken(error as Error);
      return;
    }
    for (const message of messages) this.dispatch(message);
  }

  request<T = unknown>(method: string, params: unknown): SentRequest<T> {
    const id = this.nextId++;
    const result = new Promise<T>((resolve, reject) => {
      if (this.closed) return reject(new ConnectionClosedError('the language server is not running'));
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
    return { id, result, cancel: () => this.pending.has(id) && this.notify('$/cancelRequest', { id }) };
  }

  notify(method: string, params: unknown): void {
    if (!this.closed) this.send({ jsonrpc: '2.0', method, params });
  }

  /** The process is gone: every pending request fails with ConnectionClosedError. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new ConnectionClosedError('the language server exited'));
  }

  private send(message: object): void {
    this.transport.write(encodeMessage(message));
  }

  private dispatch(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    const message = raw as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
    if (typeof message.method === 'string') {
      if (message.id === undefined) return void this.handlers.notification(message.method, message.params);
      return this.answer(message.id, message.method, message.params);
    }
    if (typeof message.id !== 'number') return;
    const pending = this.pending.get(message.id);
    if (!pending) return; // an answer to nothing we asked, or to a request that was given up on
    this.pending.delete(message.id);
    if (message.error !== undefined) {
      const error = message.error as { code?: unknown; message?: unknown };
      pending.reject(new RpcError(typeof error.code === 'number' ? error.code : -32603, typeof error.message === 'string' ? error.message : 'error'));
    } else {
      pending.resolve(message.result ?? null);
    }
  }

  private answer(id: unknown, method: string, params: unknown): void {
    if (typeof id !== 'number' && typeof id !== 'string') return;
    const refuse = (error: unknown) => {
      const code = error instanceof RpcError ? error.code : -32603;
      if (!this.closed) this.send({ jsonrpc: '2.0', id, error: { code, message: (error as Error).message } });
    };
    try {
      void Promise.resolve(this.handlers.request(method, params)).then((result) => {
        if (!this.closed) this.send({ jsonrpc: '2.0', id, result: result ?? null });
      }, refuse);
    } catch (error) {
      refuse(error);
    }
  }
}
