/** `hello`, the first message of every `/ws` socket, sent again when the user's role changes. */
import { z } from 'zod';
import { accessRoleSchema } from './role';

export const helloMessageSchema = z.object({
  type: z.literal('hello'),
  user: z.object({ id: z.string(), username: z.string() }),
  role: accessRoleSchema,
});
export type HelloMessage = z.infer<typeof helloMessageSchema>;
