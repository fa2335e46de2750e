/**
 * What replicas say to each other (issue 14, docs/replicas.md): the internal
 * listener's paths and headers, and which workspace-socket messages go to the owner
 * of the workspace's environment. Pure data, shared by both ends.
 */
import { timingSafeEqual } from 'node:crypto';
import { LANGUAGE_COMMAND_TYPES, TERMINAL_COMMAND_TYPES, type ClientMessageType } from '@tandem/protocol';
import { z } from 'zod';

export const INTERNAL_LINK_PATH = '/internal/ws';
export const INTERNAL_RUN_PATH = '/internal/run';
export const SECRET_HEADER = 'x-tandem-replica-secret';
/** JSON `LinkRequest`: whom the forwarded session is for. */
export const LINK_HEADER = 'x-tandem-link';
/** The user a forwarded HTTP request is for (the forwarding replica authenticated them). */
export const USER_HEADER = 'x-tandem-user';

export const linkRequestSchema = z.object({
  workspaceId: z.string().uuid(),
  user: z.object({ id: z.string().uuid(), username: z.string().min(1).max(200) }),
});
export type LinkRequest = z.infer<typeof linkRequestSchema>;

/** Client messages that need the environment: answered by its owner, wherever the client is. */
export const FORWARDED_TYPES: ReadonlySet<ClientMessageType> = new Set<ClientMessageType>([...TERMINAL_COMMAND_TYPES, ...LANGUAGE_COMMAND_TYPES]);

/**
 * Replies from the owner that reach the client. Everything else an adopted session
 * gets there (a role change's `hello`, say) the client's own replica sends itself.
 */
export function isForwardedReply(text: string): boolean {
  // Every server message is built with `type` first; a frame that is not is read in full.
  const type = /^\{"type":"([a-z.]+)"/.exec(text)?.[1] ?? typeOf(text);
  return type !== undefined && (type === 'error' || type.startsWith('term.') || type.startsWith('env.') || type.startsWith('lang.'));
}

function typeOf(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }).type : undefined;
  } catch {
    return undefined;
  }
}

/** Constant-time: a wrong secret's length or prefix tells the caller nothing. */
export function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
