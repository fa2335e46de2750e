/** A member's role in a workspace: sent in `/ws` `hello`, and part of the HTTP API's workspace and member shapes. */
import { z } from 'zod';

export const roleSchema = z.enum(['owner', 'editor', 'viewer']);
export type Role = z.infer<typeof roleSchema>;
