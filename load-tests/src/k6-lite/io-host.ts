/**
 * The main thread's side of one VU: it performs the VU's HTTP requests (global fetch,
 * with the VU's cookie jar) and holds its WebSockets (`ws`), posting replies and socket
 * events to the VU's port. After each post it bumps the shared signal and notifies,
 * which wakes the VU from Atomics.wait (see vu-bridge.mjs).
 */
import type { MessagePort, TransferListItem } from 'node:worker_threads';
import WebSocket from 'ws';
import { CookieJar } from './cookie-jar';

const USER_AGENT = 'k6/0.48.0 (https://k6.io/) k6-lite';

interface HttpRequest {
  id: number; op: 'http'; method: string; url: string; headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer> | null; responseType: 'text' | 'binary' | 'none'; timeoutMs: number; redirects: number;
}
interface WsConnect { id: number; op: 'ws.connect'; url: string; headers: Record<string, string> }
interface WsCommand { op: 'ws.send' | 'ws.close' | 'ws.terminate' | 'ws.ping'; connId: number; data?: string | ArrayBuffer; code?: number }
type VuRequest = HttpRequest | WsConnect | WsCommand;

/** "content-type" as k6 shows it: "Content-Type". */
function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

export class IoHost {
  readonly jar = new CookieJar();
  private readonly sockets = new Map<number, WebSocket>();
  private nextConn = 1;

  constructor(private readonly port: MessagePort, private readonly signal: Int32Array) {
    port.on('message', (m: VuRequest) => this.handle(m));
  }

  /** Closes the VU's sockets, e.g. when the runner stops a VU past the graceful stop. */
  dispose(): void {
    for (const socket of this.sockets.values()) socket.terminate();
    this.sockets.clear();
    this.port.close();
  }

  private reply(message: object, transfer: TransferListItem[] = []): void {
    this.port.postMessage(message, transfer);
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
  }

  private handle(m: VuRequest): void {
    if (m.op === 'http') void this.http(m);
    else if (m.op === 'ws.connect') this.connect(m);
    else {
      const socket = this.sockets.get(m.connId);
      if (!socket) return;
      // The callback swallows sends racing a close, which k6 ignores as well.
      if (m.op === 'ws.send') socket.send(m.data ?? '', { binary: typeof m.data !== 'string' }, () => {});
      else if (m.op === 'ws.ping') socket.ping();
      else if (m.op === 'ws.close') socket.close(m.code);
      else socket.terminate();
    }
  }

  private async http(m: HttpRequest): Promise<void> {
    const started = performance.now();
    let waiting = 0;
    try {
      let url = m.url;
      let method = m.method;
      let body: string | Uint8Array<ArrayBuffer> | null = m.body;
      // Redirects are followed here, not by fetch, so each hop's Set-Cookie reaches the jar (as in k6).
      for (let hop = 0; ; hop++) {
        const headers: Record<string, string> = { ...m.headers };
        if (!hasHeader(headers, 'user-agent')) headers['User-Agent'] = USER_AGENT;
        const cookie = this.jar.header(url);
        if (cookie && !hasHeader(headers, 'cookie')) headers.Cookie = cookie;
        const res = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(m.timeoutMs) });
        waiting = performance.now() - started;
        this.jar.store(url, res.headers.getSetCookie());
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location && hop < m.redirects) {
          await res.arrayBuffer();
          url = new URL(location, url).href;
          if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
            method = 'GET';
            body = null;
          }
          continue;
        }
        const bytes = await res.arrayBuffer();
        const responseHeaders: Record<string, string> = {};
        res.headers.forEach((value, name) => { responseHeaders[canonical(name)] = value; });
        const payload = m.responseType === 'binary' ? bytes : m.responseType === 'none' ? null : new TextDecoder().decode(bytes);
        this.reply(
          { replyTo: m.id, status: res.status, statusText: res.statusText, url, headers: responseHeaders, body: payload, duration: performance.now() - started, waiting, error: '' },
          payload instanceof ArrayBuffer ? [payload] : [],
        );
        return;
      }
    } catch (error) {
      const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      this.reply({ replyTo: m.id, status: 0, statusText: '', url: m.url, headers: {}, body: null, duration: performance.now() - started, waiting, error: message });
    }
  }

  private connect(m: WsConnect): void {
    const started = performance.now();
    const headers = { ...m.headers };
    const cookie = this.jar.header(m.url.replace(/^ws/, 'http'));
    if (cookie && !hasHeader(headers, 'cookie')) headers.Cookie = cookie;
    const socket = new WebSocket(m.url, { headers, perMessageDeflate: false });
    socket.binaryType = 'arraybuffer';
    const connId = this.nextConn++;
    let upgradeHeaders: Record<string, string> = {};
    let opened = false;
    socket.on('upgrade', (res) => {
      for (const [name, value] of Object.entries(res.headers)) upgradeHeaders[canonical(name)] = String(value);
    });
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => {
        const error = `websocket: bad handshake (HTTP ${res.statusCode})`;
        this.reply({ replyTo: m.id, ok: false, status: res.statusCode ?? 0, headers: {}, body, error, connectMs: performance.now() - started });
      });
      socket.terminate();
      opened = true; // answered; the error and close that follow are not the VU's business
    });
    socket.on('open', () => {
      opened = true;
      this.sockets.set(connId, socket);
      this.reply({ replyTo: m.id, ok: true, status: 101, headers: upgradeHeaders, connId, connectMs: performance.now() - started });
    });
    socket.on('message', (data: ArrayBuffer, isBinary: boolean) => {
      if (isBinary) this.reply({ connId, event: 'message', binary: true, data }, [data]);
      else this.reply({ connId, event: 'message', binary: false, data: Buffer.from(data).toString('utf8') });
    });
    socket.on('pong', () => this.reply({ connId, event: 'pong' }));
    socket.on('error', (error) => {
      if (!opened) {
        opened = true;
        this.reply({ replyTo: m.id, ok: false, status: 0, headers: {}, error: error.message, connectMs: performance.now() - started });
      } else if (this.sockets.has(connId)) {
        this.reply({ connId, event: 'error', error: error.message });
      }
    });
    socket.on('close', (code) => {
      if (!this.sockets.delete(connId)) return;
      this.reply({ connId, event: 'close', code });
    });
  }
}
