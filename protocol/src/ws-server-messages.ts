/**
 * Server → client on `/ws/<workspaceId>` (docs/protocols.md): `hello` first, then
 * `presence`, `tree`, `env.status`, the terminal messages, `thread` and `thread.deleted`,
 * and `error` replies. The
 * server builds them typed; the schemas let tests and tools check what it really sends.
 */
import { z } from 'zod';
import { envStatusMessageSchema } from './env-status';
import { heartbeatMessageSchema } from './heartbeat';
import { helloMessageSchema } from './hello';
import { langAppliedMessageSchema, langDiagnosticsMessageSchema, langResultMessageSchema, langStatusMessageSchema } from './language-messages';
import { presenceMessageSchema } from './presence';
import { threadDeletedMessageSchema, threadMessageSchema } from './thread-messages';
import { termClosedSchema, termExitSchema, termListSchema, termOpenedSchema, termOutputSchema, termSkippedSchema } from './terminal-messages';
import { treeMessageSchema } from './tree-events';
import { errorMessageSchema } from './ws-error';

export const serverMessageSchema = z.discriminatedUnion('type', [
  helloMessageSchema,
  presenceMessageSchema,
  treeMessageSchema,
  envStatusMessageSchema,
  termOpenedSchema,
  termOutputSchema,
  termSkippedSchema,
  termExitSchema,
  termClosedSchema,
  termListSchema,
  threadMessageSchema,
  threadDeletedMessageSchema,
  langStatusMessageSchema,
  langDiagnosticsMessageSchema,
  langResultMessageSchema,
  langAppliedMessageSchema,
  errorMessageSchema,
  heartbeatMessageSchema,
]);

export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type ServerMessageType = ServerMessage['type'];
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;
