/**
 * `/ws` server messages of comment threads (docs/protocols.md, THREAD-1..3): a thread
 * made or changed is sent whole (`thread`: upsert by id), a deleted one by id. Every
 * replica sends them to its own sockets of the workspace (the thread channel).
 */
import { z } from 'zod';
import { uuidSchema } from './http/fields';
import { threadSchema } from './http/threads';

export const threadMessageSchema = z.object({ type: z.literal('thread'), thread: threadSchema });
export const threadDeletedMessageSchema = z.object({ type: z.literal('thread.deleted'), threadId: uuidSchema });
