/**
 * The workspace socket's wire format (docs/protocols.md, "the workspace socket"):
 * JSON text frames, one object per frame, each with a string `type`. Pure.
 *
 * The format is open: terminals and environment status add their own `type`s by
 * registering handlers, so a client message is any object with a `type`, and each
 * handler checks the fields it needs.
 */
import type { Role } from '../context';
import type { TreeChange } from '../events';

export interface PresenceUser {
  userId: string;
  username: string;
  /** Open workspace sockets of this user (tabs, windows). */
  connections: number;
  /** The file this user focused most recently, or null. */
  itemId: string | null;
}

export type ServerMessage =
  | { type: 'hello'; user: { id: string; username: string }; role: Role }
  | { type: 'presence'; users: PresenceUser[] }
  | { type: 'tree'; change: TreeChange }
  | { type: 'error'; code: string; message: string; ref?: string | number }
  | { type: string; [field: string]: unknown };

export interface ClientMessage {
  type: string;
  /** Echoed in an error reply, so a client can tell which request failed. */
  ref?: string | number;
  [field: string]: unknown;
}

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; reason: string };

/** Decodes one text frame; never throws. */
export function parseClientMessage(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || type.length === 0 || type.length > 64) return { ok: false, reason: 'no message type' };
  const message = value as ClientMessage;
  const ref = message.ref;
  if (ref !== undefined && !(typeof ref === 'number' || (typeof ref === 'string' && ref.length <= 64))) delete message.ref;
  return { ok: true, message };
}

export function errorMessage(code: string, message: string, ref?: string | number): ServerMessage {
  return ref === undefined ? { type: 'error', code, message } : { type: 'error', code, message, ref };
}
