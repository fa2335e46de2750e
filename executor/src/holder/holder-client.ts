/**
 * The server's end of a holder connection: a `TerminalHandle` over any byte stream
 * to a holder (a unix socket locally, an exec stream bridged to it in a pod). What
 * the holder sends is hostile input: a malformed frame, a gap in the offsets or an
 * oversized frame drops the connection (reported as a lost terminal), never the server.
 */
import type { Duplex } from 'node:stream';
import type { TerminalHandle } from '../executor';
import { encodeAttach, encodeInfo, encodeInput, encodeKill, encodeResize, HolderDecoder, HolderProtocolError, type HolderMessage, type HolderState } from './holder-protocol';

/** Reported as the exit code when the holder went away without saying how the shell ended. */
export const LOST_HOLDER_EXIT_CODE = -1;
// Input frames stay well under the holder's 256 KiB limit even at 3 bytes a unit.
const INPUT_CHUNK_UNITS = 16 * 1024;

export interface HeldTerminalHandle extends TerminalHandle {
  /** What the holder said when it let us in. */
  readonly state: HolderState;
  /** Offset (UTF-16 code units) of the first output `onData` delivers. */
  readonly start: number;
  /** Resolves when the connection is gone (detached, killed, or lost). */
  readonly closed: Promise<void>;
  /** Closes the connection and leaves the shell running under its holder. */
  detach(): void;
}

export class HolderRefusedError extends Error {}

/**
 * Attaches to a holder: `since` null is live output only, a number replays from
 * there (or from the oldest output the holder keeps, when that is newer).
 */
export function attachHolder(stream: Duplex, opts: { id: string; since: number | null; epoch: number; timeoutMs?: number }): Promise<HeldTerminalHandle> {
  return new Promise((resolve, reject) => {
    const decoder = new HolderDecoder();
    const dataListeners = new Set<(data: string) => void>();
    const exitListeners = new Set<(code: number) => void>();
    let early: string[] = []; // output before the first listener (the session subscribes after this resolves)
    let handle: HeldTerminalHandle | null = null;
    let next = 0;
    let exitCode: number | null = null;
    let detached = false;
    let replayEnd = 0;
    let settled = false;
    const settle = () => {
      if (settled || !handle) return;
      settled = true;
      clearTimeout(timer);
      resolve(handle);
    };
    let resolveClosed!: () => void;
    const closed = new Promise<void>((r) => (resolveClosed = r));
    const timer = setTimeout(() => fail(new Error('the holder did not answer')), opts.timeoutMs ?? 5000);

    const fail = (error: Error) => {
      stream.destroy();
      if (!settled) reject(error);
    };
    const exit = (code: number) => {
      if (exitCode !== null) return;
      exitCode = code;
      for (const listener of exitListeners) listener(code);
    };
    const emit = (data: string) => {
      if (dataListeners.size === 0) early.push(data);
      else for (const listener of dataListeners) listener(data);
    };

    const onMessage = (message: HolderMessage) => {
      if (!handle) {
        if (message.type === 'refused') throw new HolderRefusedError(`the holder refused: ${message.reason}`);
        if (message.type !== 'attached') throw new HolderProtocolError(`${message.type} before attached`);
        const { state } = message;
        const start = opts.since === null ? state.end : Math.min(Math.max(opts.since, state.start), state.end);
        next = start;
        handle = makeHandle(state, start);
        // Resolved once the replay is in (kept for the first listener): whoever takes the
        // handle has the output up to where the holder was, a whole screen's worth.
        replayEnd = state.end;
        if (next >= replayEnd) settle();
        return;
      }
      switch (message.type) {
        case 'output': {
          if (message.seq > next) throw new HolderProtocolError(`output at ${message.seq}, expected ${next}`);
          const fresh = message.data.slice(next - message.seq);
          next = message.seq + message.data.length;
          if (fresh) emit(fresh);
          if (next >= replayEnd) settle();
          return;
        }
        case 'skipped':
          return; // already accounted for: `start` is the holder's oldest offset then
        case 'exit':
          settle();
          return exit(message.code);
        case 'refused':
          // Superseded by a newer attacher (another replica took the workspace over).
          return stream.destroy();
        default:
          throw new HolderProtocolError(`unexpected ${message.type}`);
      }
    };

    stream.on('data', (chunk: Buffer) => {
      try {
        for (const message of decoder.push(chunk)) onMessage(message);
      } catch (error) {
        fail(error as Error);
      }
    });
    stream.on('error', () => {});
    stream.on('close', () => {
      clearTimeout(timer);
      if (!settled) reject(new Error('the holder closed the connection'));
      else if (!detached) exit(LOST_HOLDER_EXIT_CODE);
      resolveClosed();
    });
    stream.write(encodeAttach(opts.since, opts.epoch));

    function makeHandle(state: HolderState, start: number): HeldTerminalHandle {
      return {
        id: opts.id,
        state,
        start,
        closed,
        write: (data) => {
          if (exitCode !== null || stream.destroyed) return;
          for (const piece of chunks(data)) stream.write(encodeInput(piece));
        },
        resize: (cols, rows) => {
          if (exitCode === null && !stream.destroyed) stream.write(encodeResize(cols, rows));
        },
        kill: () => {
          if (!stream.destroyed) stream.end(encodeKill());
        },
        detach: () => {
          detached = true;
          stream.destroy();
        },
        // Backpressure: unread, the socket fills, and the holder stops reading the shell's output.
        pause: () => stream.pause(),
        resume: () => stream.resume(),
        onData(listener) {
          dataListeners.add(listener);
          if (early.length > 0) {
            const pending = early;
            early = [];
            for (const data of pending) listener(data);
          }
          return () => dataListeners.delete(listener);
        },
        onExit(listener) {
          if (exitCode !== null) {
            const code = exitCode;
            queueMicrotask(() => listener(code));
            return () => {};
          }
          exitListeners.add(listener);
          return () => exitListeners.delete(listener);
        },
      };
    }
  });
}

/** Asks a holder how it is (without attaching: no fencing, no output). */
export function queryHolder(stream: Duplex, timeoutMs = 2000): Promise<HolderState> {
  return new Promise((resolve, reject) => {
    const decoder = new HolderDecoder();
    const timer = setTimeout(() => done(new Error('the holder did not answer')), timeoutMs);
    const done = (result: HolderState | Error) => {
      clearTimeout(timer);
      stream.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    stream.on('data', (chunk: Buffer) => {
      try {
        const message = decoder.push(chunk)[0];
        if (message?.type === 'info') done(message.state);
        else if (message) done(new HolderProtocolError(`${message.type} instead of info`));
      } catch (error) {
        done(error as Error);
      }
    });
    stream.on('error', (error) => done(error));
    stream.on('close', () => done(new Error('the holder closed the connection')));
    stream.write(encodeInfo());
  });
}

/** Splits input so no frame is too large and no surrogate pair is cut. */
function* chunks(data: string): Generator<string> {
  for (let i = 0; i < data.length; ) {
    let end = Math.min(i + INPUT_CHUNK_UNITS, data.length);
    const code = data.charCodeAt(end - 1);
    if (end < data.length && code >= 0xd800 && code <= 0xdbff) end--;
    yield data.slice(i, end);
    i = end;
  }
}
