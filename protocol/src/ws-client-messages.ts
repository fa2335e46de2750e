/**
 * Client → server on `/ws/<workspaceId>` (docs/protocols.md): JSON text frames, one
 * object per frame, each with a `type`. Pure.
 *
 * `parseClientMessage` reads one frame into a typed message or says why it is none,
 * and never throws:
 * - `malformed`: not JSON, not an object, no `type` string of 1..64 characters. Not a
 *   message at all: the server closes the socket with 4400.
 * - `unknown_type`: a `type` this protocol does not have. Answered with an error, the
 *   socket stays open.
 * - `invalid_message`: a known `type` with a bad field. Answered with an error whose
 *   message says which field.
 * A `ref` (a number, or a string of at most 64 characters) on any message comes back
 * beside the message or the refusal, to be echoed in the error reply; any other `ref`
 * is dropped. Fields a message does not have are ignored.
 */
import { z } from 'zod';
import { envStartSchema } from './env-status';
import { langCancelSchema, langCloseSchema, langOpenSchema, langRequestSchema, langUndoSchema } from './language-messages';
import { presenceFocusSchema } from './presence';
import {
  termAttachSchema,
  termCloseSchema,
  termDetachSchema,
  termInputSchema,
  termListRequestSchema,
  termOpenSchema,
  termResizeSchema,
} from './terminal-messages';
import { refSchema, type Ref } from './ws-error';

export const MAX_TYPE_LENGTH = 64;

/** The terminal and environment requests, answered by the execution layer. */
const terminalCommandSchemas = [
  envStartSchema,
  termOpenSchema,
  termAttachSchema,
  termDetachSchema,
  termInputSchema,
  termResizeSchema,
  termCloseSchema,
  termListRequestSchema,
] as const;

/** The language requests, answered by the language service (docs/language.md). */
const languageCommandSchemas = [langOpenSchema, langCloseSchema, langRequestSchema, langCancelSchema, langUndoSchema] as const;

export const clientMessageSchema = z.discriminatedUnion('type', [presenceFocusSchema, ...terminalCommandSchemas, ...languageCommandSchemas]);

/** A message as the server handles it: every field present (`since` 0, `itemId` null when left out). */
export type ClientMessage = z.output<typeof clientMessageSchema>;
/** A message as a client may write it (`since`, `itemId` may be left out), with an optional `ref`. */
export type ClientMessageInput = z.input<typeof clientMessageSchema> & { ref?: Ref };
export type ClientMessageType = ClientMessage['type'];
export type ClientMessageOf<T extends ClientMessageType> = Extract<ClientMessage, { type: T }>;

export const CLIENT_MESSAGE_TYPES: readonly ClientMessageType[] = clientMessageSchema.options.map((schema) => schema.shape.type.value);

export type TerminalCommand = z.output<(typeof terminalCommandSchemas)[number]>;
export type TerminalCommandType = TerminalCommand['type'];
export type LanguageCommand = z.output<(typeof languageCommandSchemas)[number]>;
export type LanguageCommandType = LanguageCommand['type'];
export const LANGUAGE_COMMAND_TYPES: readonly LanguageCommandType[] = languageCommandSchemas.map((schema) => schema.shape.type.value);

export const TERMINAL_COMMAND_TYPES: readonly TerminalCommandType[] = terminalCommandSchemas.map((schema) => schema.shape.type.value);

/** One frame, read: a message, or why it is none. */
export type ParsedClientMessage =
  | { kind: 'message'; message: ClientMessage; ref?: Ref }
  /** Not a message at all: the socket is closed with 4400. */
  | { kind: 'malformed'; reason: string }
  /** Answered `{type:"error", code, message: reason, ref}`; the socket stays open. */
  | { kind: 'refused'; code: 'unknown_type' | 'invalid_message'; type: string; reason: string; ref?: Ref };

export function parseClientMessage(text: string): ParsedClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'malformed', reason: 'not a JSON object' };
  const { type, ref: rawRef } = value as { type?: unknown; ref?: unknown };
  if (typeof type !== 'string' || type.length === 0 || type.length > MAX_TYPE_LENGTH) return { kind: 'malformed', reason: 'no message type' };
  const ref = refSchema.safeParse(rawRef).data;
  const withRef = ref === undefined ? {} : { ref };

  const parsed = clientMessageSchema.safeParse(value);
  if (parsed.success) return { kind: 'message', message: parsed.data, ...withRef };
  const issue = parsed.error.issues[0];
  if (issue?.code === 'invalid_union_discriminator') {
    return { kind: 'refused', code: 'unknown_type', type, reason: `Unknown message type "${type}"`, ...withRef };
  }
  return { kind: 'refused', code: 'invalid_message', type, reason: issue?.message ?? 'invalid message', ...withRef };
}
