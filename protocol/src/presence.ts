/**
 * Who is in a workspace (`presence`, server → client, whenever it changes) and which
 * file this socket's user has open (`presence.focus`, client → server).
 */
import { z } from 'zod';

export const presenceUserSchema = z.object({
  userId: z.string(),
  username: z.string(),
  /** Open workspace sockets of this user (tabs, windows). */
  connections: z.number().int().positive(),
  /** The file this user focused most recently, or null. */
  itemId: z.string().nullable(),
});
export type PresenceUser = z.infer<typeof presenceUserSchema>;

export const presenceMessageSchema = z.object({ type: z.literal('presence'), users: z.array(presenceUserSchema) });
export type PresenceMessage = z.infer<typeof presenceMessageSchema>;

const ITEM_ID = 'itemId must be a file id or null';

/** `itemId` left out means null. Whether it names a file of the workspace is the server's check (`item_not_found`). */
export const presenceFocusSchema = z.object({
  type: z.literal('presence.focus'),
  itemId: z
    .string({ message: ITEM_ID })
    .nullish()
    .transform((id) => id ?? null),
});
