/**
 * One terminal shared by any number of clients: the process (a `TerminalHandle`
 * from a backend), its scrollback ring, and one cursor per attached subscriber.
 *
 * Delivery is pull-based: output is appended to the ring, and each subscriber is
 * sent what lies between its cursor and the end of the ring, in frames, only while
 * its socket's buffered amount stays under `highWaterBytes`. A slow client therefore
 * costs one integer here, never a queue, and never holds up the others. Once it
 * drains (under `lowWaterBytes`), it continues from its cursor; if the ring has
 * moved past that cursor meanwhile, it is first told `term.skipped {from, to}`.
 *
 * The terminal runs at the pace of its fastest client: while every attached client
 * is paused, the session stops reading the program's output (`handle.pause`), so the
 * program blocks on its writes as on a slow real terminal and nobody loses output. A
 * slow client beside a fast one is skipped ahead instead: it never holds the others
 * up. With nobody attached, output goes on into the scrollback (a detached session).
 *
 * A held terminal (its shell under a session holder, issue 14) may begin at an offset
 * past 0 (re-attached after a restart: `handle.start`), and may be let go without
 * ending its shell (`release`). A client that attaches too far behind one (back after
 * a long absence) gets the screen as it is now instead of the raw tail of the
 * scrollback: `term.skipped`, then one `term.output` that draws the screen and ends at
 * the current offset. (A slow client skipped while attached gets the tail, TERM-3.)
 */
import type { TerminalHandle } from '../executor';
import { DEFAULT_FRAME_POLICY, decideFrame, type FramePolicy } from './frame-schedule';
import type { TerminalServerMessage, TerminalSummary } from '@tandem/protocol';
import type { TerminalSubscriber } from './terminal-subscriber';
import { OutputRing } from './output-ring';
import { normaliseSize } from './terminal-size';
import { renderScreen } from './terminal-screen';

export interface TerminalSessionOptions {
  /** Scrollback kept per terminal, in UTF-16 code units (at least 1 MiB by default). */
  scrollbackUnits: number;
  /** How long a terminal survives its last client before it is killed. */
  lingerMs: number;
  /** A subscriber with more than this buffered stops receiving... */
  highWaterBytes: number;
  /** ...until it is down to this. */
  lowWaterBytes: number;
  /** How often paused subscribers are checked for having drained. */
  drainPollMs: number;
  frame: FramePolicy;
  /** A client attaching behind the scrollback gets the screen drawn (see the top); false: the scrollback from its oldest offset. */
  screenOnSkip?: boolean;
}

export const DEFAULT_TERMINAL_OPTIONS: TerminalSessionOptions = {
  scrollbackUnits: 1024 * 1024,
  lingerMs: 15 * 60_000,
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 256 * 1024,
  drainPollMs: 20,
  frame: DEFAULT_FRAME_POLICY,
};

interface Attachment {
  subscriber: TerminalSubscriber;
  /** Next offset this subscriber is to receive. */
  cursor: number;
  paused: boolean;
  exitSent: boolean;
  /** Its screen is being drawn (`sendScreen`): nothing else is sent until it is. */
  drawing: boolean;
}

export interface TerminalSessionHooks {
  /** Output arrived (activity for idle stop, a cue for pull-back). */
  onOutput?(): void;
  /** The session is gone (closed, or it outlived its linger time). */
  onGone?(session: TerminalSession): void;
}

export class TerminalSession {
  readonly id: string;
  private readonly ring: OutputRing;
  private readonly attachments = new Map<TerminalSubscriber, Attachment>();
  private readonly disposers: Array<() => void> = [];
  private exitCode: number | null = null;
  private closed = false;
  private lastFrameAt: number | null = null;
  private flushedTo = 0;
  private frameTimer: NodeJS.Timeout | null = null;
  private drainTimer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  private readPaused = false;

  constructor(
    private readonly handle: TerminalHandle,
    private size: { cols: number; rows: number },
    private readonly options: TerminalSessionOptions = DEFAULT_TERMINAL_OPTIONS,
    private readonly hooks: TerminalSessionHooks = {},
  ) {
    this.id = handle.id;
    this.ring = new OutputRing(options.scrollbackUnits, handle.start ?? 0);
    this.flushedTo = this.ring.end;
    this.disposers.push(handle.onData((data) => this.onData(data)));
    this.disposers.push(handle.onExit((code) => this.onExit(code)));
    this.armLinger();
  }

  summary(): TerminalSummary {
    const exited = this.exitCode !== null;
    return { termId: this.id, cols: this.size.cols, rows: this.size.rows, exited, exitCode: this.exitCode };
  }

  /** Offset one past the newest output (what a client that has seen everything passes as `since`). */
  get outputEnd(): number {
    return this.ring.end;
  }

  get subscriberCount(): number {
    return this.attachments.size;
  }

  /**
   * Attaches a subscriber. Without `since` it receives live output from now on (the
   * opener); with `since` it first gets exactly the output from that offset, or a
   * `term.skipped` to the oldest kept offset if `since` is older than the ring.
   */
  attach(subscriber: TerminalSubscriber, since?: number): void {
    if (this.closed) return;
    const end = this.ring.end;
    const cursor = since === undefined ? end : Math.min(Math.max(0, Math.floor(since)), end);
    this.attachments.set(subscriber, { subscriber, cursor, paused: false, exitSent: false, drawing: false });
    this.disarmLinger();
    const attachment = this.attachments.get(subscriber)!;
    if (this.options.screenOnSkip && cursor < this.ring.start) this.sendScreen(attachment);
    else this.pump(attachment);
    this.updateFlow();
  }

  detach(subscriber: TerminalSubscriber): void {
    if (!this.attachments.delete(subscriber)) return;
    if (this.attachments.size === 0) this.armLinger();
    this.updateFlow();
  }

  isAttached(subscriber: TerminalSubscriber): boolean {
    return this.attachments.has(subscriber);
  }

  input(data: string): void {
    if (this.closed || this.exitCode !== null) return;
    this.handle.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.closed || this.exitCode !== null) return;
    this.size = normaliseSize({ cols, rows }, this.size);
    this.handle.resize(this.size.cols, this.size.rows);
  }

  /** Kills the process and tells every subscriber `term.closed`. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    for (const dispose of this.disposers) dispose();
    for (const timer of [this.frameTimer, this.drainTimer, this.lingerTimer]) if (timer) clearTimeout(timer);
    this.handle.kill();
    for (const attachment of this.attachments.values()) {
      this.send(attachment, { type: 'term.closed', termId: this.id });
    }
    this.attachments.clear();
    this.hooks.onGone?.(this);
  }

  /**
   * Lets go of the terminal and leaves its program running (a held terminal, handed to
   * the next server process); its clients are detached without a word, as from a
   * server that went away. A terminal that cannot be held is closed instead.
   */
  release(): void {
    if (this.closed) return;
    if (!this.handle.detach) return this.close();
    this.closed = true;
    for (const dispose of this.disposers) dispose();
    for (const timer of [this.frameTimer, this.drainTimer, this.lingerTimer]) if (timer) clearTimeout(timer);
    this.handle.detach();
    this.attachments.clear();
    this.hooks.onGone?.(this);
  }

  private onData(data: string): void {
    if (this.closed) return;
    this.ring.append(data);
    this.hooks.onOutput?.();
    this.scheduleFrame();
  }

  private onExit(code: number): void {
    if (this.closed) return;
    this.exitCode = code;
    this.flush();
  }

  private scheduleFrame(): void {
    const pending = this.ring.end - this.flushedTo;
    // A full frame goes at once even with a timer armed: a flood must not outrun the ring between frames.
    if (this.frameTimer && pending < this.options.frame.maxFrameUnits) return;
    const decision = decideFrame(this.options.frame, Date.now(), this.lastFrameAt, pending);
    if (decision.kind === 'now') this.flush();
    else this.frameTimer = setTimeout(() => this.flush(), decision.delayMs);
  }

  private flush(): void {
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.frameTimer = null;
    this.lastFrameAt = Date.now();
    this.flushedTo = this.ring.end;
    for (const attachment of this.attachments.values()) if (!attachment.paused) this.pump(attachment);
  }

  /** Sends a subscriber what it has not seen yet, as far as its socket takes it. */
  private pump(attachment: Attachment): void {
    const { frame, highWaterBytes } = this.options;
    for (;;) {
      if (!this.attachments.has(attachment.subscriber)) return;
      if (attachment.drawing) return;
      if (attachment.subscriber.bufferedAmount() > highWaterBytes) {
        attachment.paused = true;
        this.armDrainPoll();
        this.updateFlow();
        return;
      }
      if (attachment.cursor < this.ring.start) {
        this.send(attachment, { type: 'term.skipped', termId: this.id, from: attachment.cursor, to: this.ring.start });
        attachment.cursor = this.ring.start;
      }
      // Only what has been flushed: a frame in the making is not sent piecemeal.
      const limit = Math.min(this.flushedTo, this.ring.end);
      if (attachment.cursor >= limit) break;
      const slice = this.ring.read(attachment.cursor, Math.min(frame.maxFrameUnits, limit - attachment.cursor));
      this.send(attachment, { type: 'term.output', termId: this.id, seq: slice.seq, data: slice.data });
      attachment.cursor = slice.seq + slice.data.length;
    }
    if (this.exitCode !== null && !attachment.exitSent && attachment.cursor >= this.ring.end) {
      attachment.exitSent = true;
      this.send(attachment, { type: 'term.exit', termId: this.id, code: this.exitCode });
    }
  }

  /**
   * The screen as the scrollback draws it now, as one `term.output` that ends at the
   * current offset, after a `term.skipped` to where it begins: the client's offsets stay
   * those of the stream. When it would not fit after the client's offset (a scrollback
   * shorter than the screen's drawing), the plain skip to the oldest offset.
   */
  private sendScreen(attachment: Attachment): void {
    attachment.drawing = true;
    const end = this.ring.end;
    const kept = this.ring.read(this.ring.start, end - this.ring.start).data;
    void renderScreen(kept, this.size).then(
      (screen) => this.screenDrawn(attachment, end, screen),
      () => this.screenDrawn(attachment, end, null),
    );
  }

  private screenDrawn(attachment: Attachment, end: number, screen: string | null): void {
    attachment.drawing = false;
    if (this.closed || this.attachments.get(attachment.subscriber) !== attachment) return;
    if (screen !== null && end - screen.length > attachment.cursor) {
      this.send(attachment, { type: 'term.skipped', termId: this.id, from: attachment.cursor, to: end - screen.length });
      this.send(attachment, { type: 'term.output', termId: this.id, seq: end - screen.length, data: screen });
      attachment.cursor = end;
    } else {
      this.send(attachment, { type: 'term.skipped', termId: this.id, from: attachment.cursor, to: this.ring.start });
      attachment.cursor = this.ring.start;
    }
    this.pump(attachment);
  }

  private send(attachment: Attachment, message: TerminalServerMessage): void {
    try {
      attachment.subscriber.send(message);
    } catch {
      // A socket that throws on send is gone; its close handler detaches it too.
      this.detach(attachment.subscriber);
    }
  }

  private armDrainPoll(): void {
    if (this.drainTimer || this.closed) return;
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null;
      let stillPaused = false;
      for (const attachment of this.attachments.values()) {
        if (!attachment.paused) continue;
        if (attachment.subscriber.bufferedAmount() <= this.options.lowWaterBytes) {
          attachment.paused = false;
          this.pump(attachment);
        }
        stillPaused ||= attachment.paused;
      }
      this.updateFlow();
      if (stillPaused) this.armDrainPoll();
    }, this.options.drainPollMs);
  }

  /** Reads the program's output while some client takes it, or nobody is attached (see the top). */
  private updateFlow(): void {
    if (this.closed) return;
    let allPaused = this.attachments.size > 0;
    for (const attachment of this.attachments.values()) allPaused &&= attachment.paused;
    if (allPaused === this.readPaused) return;
    this.readPaused = allPaused;
    if (allPaused) this.handle.pause?.();
    else this.handle.resume?.();
  }

  private armLinger(): void {
    if (this.lingerTimer || this.closed) return;
    this.lingerTimer = setTimeout(() => this.close(), this.options.lingerMs);
    this.lingerTimer.unref();
  }

  private disarmLinger(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
  }
}
