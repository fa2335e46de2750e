/** A member's role in a workspace: sent in `/ws` `hello`, and part of the HTTP API's workspace and member shapes. */
import { z } from 'zod';

export const roleSchema = z.enum(['owner', 'editor', 'viewer']);
export type Role = z.infer<typeof roleSchema>;

/**
 * What a user is to a workspace they can open: a member's role, or `reviewer`, the
 * grant an assigned reviewer holds while their review is open (read like a viewer,
 * without being a member). Sent in `/ws` `hello` and the workspace shape.
 */
export const accessRoleSchema = z.enum(['owner', 'editor', 'viewer', 'reviewer']);
export type AccessRole = z.infer<typeof accessRoleSchema>;
