/**
 * The terminal and environment messages a client sends on `/ws/<workspaceId>`
 * (docs/protocols.md), validated field by field. Pure: a bad message is returned
 * as a reason (answered with `error` `invalid_message`), never thrown.
 */
import type { ClientMessage } from '../workspace-socket/messages';

export const MAX_INPUT_BYTES = 64 * 1024;
export const MAX_TERMINAL_SIZE = 1000;
const MAX_TERM_ID_LENGTH = 128;

export type TerminalCommand =
  | { type: 'env.start' }
  | { type: 'term.open'; cols: number; rows: number }
  /** `since` omitted: the whole kept scrollback (a watcher joining sees the screen so far). */
  | { type: 'term.attach'; termId: string; since: number }
  | { type: 'term.detach'; termId: string }
  | { type: 'term.input'; termId: string; data: string }
  | { type: 'term.resize'; termId: string; cols: number; rows: number }
  | { type: 'term.close'; termId: string }
  | { type: 'term.list' };

export type TerminalCommandType = TerminalCommand['type'];

export const TERMINAL_COMMAND_TYPES: readonly TerminalCommandType[] = [
  'env.start', 'term.open', 'term.attach', 'term.detach', 'term.input', 'term.resize', 'term.close', 'term.list',
];

/** What a viewer may not do: anything that starts, types into, reshapes or ends something. */
const EDITOR_ONLY = new Set<TerminalCommandType>(['env.start', 'term.open', 'term.input', 'term.resize', 'term.close']);

export function needsEditor(type: TerminalCommandType): boolean {
  return EDITOR_ONLY.has(type);
}

export type Parsed = { ok: true; command: TerminalCommand } | { ok: false; reason: string };

export function parseTerminalCommand(message: ClientMessage): Parsed {
  try {
    return { ok: true, command: parse(message) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, reason: error.message };
    throw error;
  }
}

class Invalid extends Error {}

function parse(m: ClientMessage): TerminalCommand {
  switch (m.type) {
    case 'env.start':
    case 'term.list':
      return { type: m.type };
    case 'term.open':
      return { type: 'term.open', ...size(m) };
    case 'term.attach': {
      const since = m.since === undefined || m.since === null ? 0 : m.since;
      if (!Number.isSafeInteger(since) || (since as number) < 0) throw new Invalid('since must be a non-negative integer');
      return { type: 'term.attach', termId: termId(m), since: since as number };
    }
    case 'term.detach':
    case 'term.close':
      return { type: m.type, termId: termId(m) };
    case 'term.input': {
      const id = termId(m);
      if (typeof m.data !== 'string') throw new Invalid('data must be a string');
      // Length first: a huge string is refused without encoding it.
      if (m.data.length > MAX_INPUT_BYTES || Buffer.byteLength(m.data, 'utf8') > MAX_INPUT_BYTES) {
        throw new Invalid(`data is at most ${MAX_INPUT_BYTES} bytes per message`);
      }
      return { type: 'term.input', termId: id, data: m.data };
    }
    case 'term.resize':
      return { type: 'term.resize', termId: termId(m), ...size(m) };
    default:
      throw new Invalid(`not a terminal message: ${String(m.type).slice(0, 64)}`);
  }
}

function termId(m: ClientMessage): string {
  const id = m.termId;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_TERM_ID_LENGTH) throw new Invalid('termId must be a terminal id');
  return id;
}

function size(m: ClientMessage): { cols: number; rows: number } {
  return { cols: dimension(m.cols, 'cols'), rows: dimension(m.rows, 'rows') };
}

function dimension(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_TERMINAL_SIZE) {
    throw new Invalid(`${name} must be an integer from 1 to ${MAX_TERMINAL_SIZE}`);
  }
  return value as number;
}
