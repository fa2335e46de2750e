/**
 * A workspace-socket client for the execution integration tests: keeps every
 * message it got, waits for one matching a predicate, and reassembles a terminal's
 * output stream from `term.output` frames, checking that their offsets follow on.
 * Every message must be a protocol message (`serverMessageProblem`): waiting fails otherwise.
 */
import { WebSocket } from 'ws';
import { serverMessageProblem } from '../testing/ws-message-check';

export interface Msg {
  type: string;
  [field: string]: any;
}

export class TerminalTestClient {
  readonly ws: WebSocket;
  readonly messages: Msg[] = [];
  /** Messages that are not what @tandem/protocol says the server sends. */
  readonly problems: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  private waiters: Array<() => void> = [];

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        const message = JSON.parse(data.toString());
        const problem = serverMessageProblem(message);
        if (problem) this.problems.push(problem);
        this.messages.push(message);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.opened = new Promise((resolve) => this.ws.on('open', () => resolve()));
    this.closed = new Promise((resolve) => this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('error', () => {});
  }

  static connect(wsUrl: string, workspaceId: string, token: string): TerminalTestClient {
    return new TerminalTestClient(`${wsUrl}/ws/${workspaceId}?token=${token}`);
  }

  /** Sends now, or once the socket is open (in order). */
  send(message: Record<string, unknown>): void {
    const text = JSON.stringify(message);
    if (this.ws.readyState === WebSocket.CONNECTING) void this.opened.then(() => this.ws.send(text));
    else this.ws.send(text);
  }

  /** The first message (from index `from`) matching `pred`, waiting for it up to `timeoutMs`. */
  async waitFor(pred: (m: Msg) => boolean, what: string, timeoutMs = 10_000, from = 0): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.problems.length > 0) throw new Error(`the server sent ${this.problems[0]}`);
      const found = this.messages.slice(from).find(pred);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last messages: ${JSON.stringify(this.messages.slice(-8))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Waits until the terminal's output (as reassembled) satisfies `pred`, e.g. contains a marker. */
  async waitForOutput(termId: string, pred: (text: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
    try {
      await this.waitFor(() => pred(this.output(termId).text), what, timeoutMs);
    } catch (error) {
      // The screen says more than the last frames: what the terminal printed instead.
      throw new Error(`${(error as Error).message}\nterminal ${termId} printed (last 1,500 characters): ${JSON.stringify(this.output(termId).text.slice(-1500))}`);
    }
    return this.output(termId).text;
  }

  /**
   * The terminal's output as this client received it: its first offset and the text.
   * Throws if a frame does not start where the previous one ended (a gap or a repeat).
   */
  output(termId: string): { start: number; text: string; end: number } {
    let start = -1;
    let end = -1;
    let text = '';
    for (const m of this.messages) {
      if (m.termId !== termId) continue;
      if (m.type === 'term.skipped') end = m.to;
      if (m.type !== 'term.output') continue;
      if (start < 0) start = end = m.seq;
      if (m.seq !== end) throw new Error(`output of ${termId} jumps from ${end} to ${m.seq}`);
      text += m.data;
      end = m.seq + m.data.length;
    }
    return { start, text, end };
  }

  errors(): Msg[] {
    return this.messages.filter((m) => m.type === 'error');
  }

  close(): void {
    this.ws.close();
  }
}
