/**
 * A browser WebSocket that notices a dead connection (docs/protocols.md, BEAT-5).
 *
 * A stalled network closes nothing: the socket stays "open" and sends go into a void.
 * The server beats every socket at least every 2 s, so a socket that brought nothing
 * for its deadline is dead. Closing it would not help at once (the browser waits up to
 * a minute for the closing handshake of a stalled connection), so this one gives up on
 * it: it lets go of the real socket (closing it in the background) and reports a close
 * with 4408 HEARTBEAT_TIMEOUT right away, so the owner reconnects now. Going offline
 * (the window's `offline` event) gives up on every watched socket at once.
 *
 * It has the parts of the WebSocket interface y-websocket and JsonSocket use, so it
 * serves as y-websocket's `WebSocketPolyfill` (see `watchedSocketClass`). One timer for
 * every watched socket of the page.
 */
import { CloseCode } from '@tandem/protocol';

/** How often silences are checked: the granularity of the deadline. */
const CHECK_MS = 250;

const watched = new Set<WatchedSocket>();
let timer: ReturnType<typeof setInterval> | null = null;
let offlineListening = false;

/** `null`: no deadline for now (y-websocket before its first sync: the step 2 may be large). */
export type Deadline = () => number | null;

type Impl = new (url: string) => WebSocket;

export class WatchedSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent | { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  readonly url: string;
  private readonly ws: WebSocket;
  private heardAt = Date.now();
  private abandoned = false;

  constructor(
    url: string,
    private readonly deadline: Deadline,
    Socket: Impl = WebSocket,
  ) {
    this.url = url;
    this.ws = new Socket(url);
    this.ws.onopen = (event) => {
      this.heardAt = Date.now();
      this.onopen?.(event);
    };
    this.ws.onmessage = (event) => {
      this.heardAt = Date.now();
      this.onmessage?.(event);
    };
    this.ws.onerror = (event) => this.onerror?.(event);
    this.ws.onclose = (event) => {
      unwatch(this);
      this.onclose?.(event);
    };
    watch(this);
  }

  get readyState(): number {
    return this.abandoned ? WatchedSocket.CLOSED : this.ws.readyState;
  }

  get binaryType(): BinaryType {
    return this.ws.binaryType;
  }

  set binaryType(type: BinaryType) {
    this.ws.binaryType = type;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (!this.abandoned) this.ws.send(data as string);
  }

  close(code?: number, reason?: string): void {
    if (!this.abandoned) this.ws.close(code, reason);
  }

  /** The timer's look: gives up when the socket is open and silent past its deadline. */
  check(now: number): void {
    const deadline = this.deadline();
    if (deadline !== null && this.ws.readyState === WatchedSocket.OPEN && now - this.heardAt > deadline) this.giveUp('no heartbeat');
  }

  /** Reports the socket closed now, and lets the real one close whenever the browser manages. */
  giveUp(reason: string): void {
    if (this.abandoned || this.ws.readyState === WatchedSocket.CLOSED) return;
    this.abandoned = true;
    unwatch(this);
    this.ws.onopen = this.ws.onmessage = this.ws.onerror = this.ws.onclose = null;
    try {
      this.ws.close(CloseCode.HEARTBEAT_TIMEOUT, reason);
    } catch {
      // Still connecting in some engines: it goes when it opens, unheard.
    }
    this.onclose?.({ code: CloseCode.HEARTBEAT_TIMEOUT, reason, wasClean: false });
  }
}

/** A WebSocket class for y-websocket's `WebSocketPolyfill` whose sockets are watched with `deadline`. */
export function watchedSocketClass(deadline: Deadline): typeof WebSocket {
  return class extends WatchedSocket {
    constructor(url: string) {
      super(url, deadline);
    }
  } as unknown as typeof WebSocket;
}

function watch(socket: WatchedSocket): void {
  watched.add(socket);
  timer ??= setInterval(() => {
    const now = Date.now();
    for (const s of [...watched]) s.check(now);
  }, CHECK_MS);
  if (!offlineListening && typeof window !== 'undefined') {
    offlineListening = true;
    window.addEventListener('offline', () => {
      for (const s of [...watched]) s.giveUp('the browser went offline');
    });
  }
}

function unwatch(socket: WatchedSocket): void {
  watched.delete(socket);
  if (watched.size === 0 && timer !== null) {
    clearInterval(timer);
    timer = null;
  }
}
