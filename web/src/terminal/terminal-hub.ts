/**
 * The terminals of one workspace as this client sees them: which exist, their output
 * streams (see terminal-stream.ts), and output that arrived before its view mounted.
 * No React, no socket: the panel feeds it messages and sends what it asks for.
 *
 * Which terminals exist comes from `term.list`: the answer to the one this hub asks
 * for on every (re)connect, and the list the server sends every socket of the
 * workspace whenever a terminal opens or closes. No polling.
 *
 * Input typed while the socket is down is never dropped without a word: it waits, in
 * order, up to MAX_QUEUED_INPUT_BYTES, and goes out right after the next connect; more
 * than that is refused with a notice in the terminal (docs/connection.md).
 */
import { utf8ByteLength, type ClientMessage, type ServerMessage, type TerminalSummary } from '@tandem/protocol';
import { TerminalStream } from '../lib/terminal-stream';

export type TerminalTab = Pick<TerminalSummary, 'termId' | 'exited' | 'exitCode'>;

/** Input kept while disconnected, in UTF-8 bytes (the size of one `term.input`, WS-9). */
export const MAX_QUEUED_INPUT_BYTES = 64 * 1024;
const WAITING_NOTICE = '\r\n\x1b[33m[disconnected: what you type is sent when the connection is back]\x1b[0m\r\n';
const REFUSED_NOTICE = `\r\n\x1b[31m[disconnected: more than ${MAX_QUEUED_INPUT_BYTES / 1024} KiB typed; further input was NOT sent]\x1b[0m\r\n`;

interface Entry {
  stream: TerminalStream;
  pending: string[];
  write: ((data: string) => void) | null;
}

export class TerminalHub {
  private readonly entries = new Map<string, Entry>();
  /** Terminals attached on the current connection; a new connection starts empty. */
  private attached = new Set<string>();
  tabs: TerminalTab[] = [];
  /** Input waiting for a connection, in the order it was typed. */
  private queued: Array<{ termId: string; data: string }> = [];
  private queuedBytes = 0;
  private refusedShown = false;

  /** `send` returns false when the socket is not open (JsonSocket); anything else counts as sent. */
  constructor(private readonly send: (message: ClientMessage) => unknown) {}

  /** A new connection: nothing is attached on it yet; the list says what to attach to. Waiting input goes now. */
  connected(): void {
    this.attached = new Set();
    this.send({ type: 'term.list' });
    while (this.queued.length > 0) {
      const next = this.queued[0]!;
      if (this.send({ type: 'term.input', termId: next.termId, data: next.data }) === false) return;
      this.queued.shift();
      this.queuedBytes -= utf8ByteLength(next.data);
    }
    this.refusedShown = false;
  }

  /** Keys typed into `termId`: sent now, or kept in order until the next connect, or refused visibly. */
  input(termId: string, data: string): void {
    if (this.queued.length === 0 && this.send({ type: 'term.input', termId, data }) !== false) return;
    const bytes = utf8ByteLength(data);
    if (this.queuedBytes + bytes > MAX_QUEUED_INPUT_BYTES) {
      if (!this.refusedShown) this.output(termId, REFUSED_NOTICE);
      this.refusedShown = true;
      return;
    }
    if (this.queued.length === 0) this.output(termId, WAITING_NOTICE);
    this.queued.push({ termId, data });
    this.queuedBytes += bytes;
  }

  /** Bytes of input waiting for a connection. */
  get waitingInput(): number {
    return this.queuedBytes;
  }

  /** Applies one socket message; returns true when the list of tabs changed. */
  handle(message: ServerMessage): boolean {
    switch (message.type) {
      case 'term.list':
        return this.sync(message.terminals);
      case 'term.opened':
        this.attached.add(message.termId);
        return this.add(message.termId);
      case 'term.output':
        this.output(message.termId, this.entry(message.termId).stream.accept(message.seq, message.data));
        return false;
      case 'term.skipped': {
        const lost = this.entry(message.termId).stream.skip(message.to);
        if (lost > 0) this.output(message.termId, `\r\n\x1b[2m[${lost} characters of output skipped]\x1b[0m\r\n`);
        return false;
      }
      case 'term.exit':
        this.tabs = this.tabs.map((t) => (t.termId === message.termId ? { ...t, exited: true, exitCode: message.code } : t));
        this.output(message.termId, `\r\n\x1b[2m[process exited with code ${message.code}]\x1b[0m\r\n`);
        return true;
      case 'term.closed':
        return this.remove(message.termId);
      default:
        return false;
    }
  }

  /** The view of `termId` mounted: give it what arrived so far, then live output. */
  connect(termId: string, write: (data: string) => void): () => void {
    const entry = this.entry(termId);
    for (const chunk of entry.pending.splice(0)) write(chunk);
    entry.write = write;
    return () => {
      if (entry.write === write) entry.write = null;
    };
  }

  private sync(terminals: TerminalSummary[]): boolean {
    const listed = new Set(terminals.map((t) => t.termId));
    const before = JSON.stringify(this.tabs);
    // Keep the order people saw; new terminals go last.
    const known = this.tabs.filter((t) => listed.has(t.termId)).map((t) => t.termId);
    const order = [...known, ...terminals.map((t) => t.termId).filter((id) => !known.includes(id))];
    const info = new Map(terminals.map((t) => [t.termId, t]));
    this.tabs = order.map((id) => ({ termId: id, exited: info.get(id)!.exited, exitCode: info.get(id)!.exitCode }));
    for (const t of terminals) {
      if (!this.attached.has(t.termId)) {
        this.attached.add(t.termId);
        this.send({ type: 'term.attach', termId: t.termId, since: this.entry(t.termId).stream.next });
      }
    }
    for (const id of [...this.entries.keys()]) if (!listed.has(id)) this.entries.delete(id);
    return JSON.stringify(this.tabs) !== before;
  }

  private add(termId: string): boolean {
    this.entry(termId);
    if (this.tabs.some((t) => t.termId === termId)) return false;
    this.tabs = [...this.tabs, { termId, exited: false, exitCode: null }];
    return true;
  }

  private remove(termId: string): boolean {
    this.entries.delete(termId);
    this.attached.delete(termId);
    const before = this.tabs.length;
    this.tabs = this.tabs.filter((t) => t.termId !== termId);
    return this.tabs.length !== before;
  }

  private entry(termId: string): Entry {
    let entry = this.entries.get(termId);
    if (!entry) {
      entry = { stream: new TerminalStream(), pending: [], write: null };
      this.entries.set(termId, entry);
    }
    return entry;
  }

  private output(termId: string, data: string): void {
    if (!data) return;
    const entry = this.entry(termId);
    if (entry.write) entry.write(data);
    else entry.pending.push(data);
  }
}
