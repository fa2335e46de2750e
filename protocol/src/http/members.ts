/**
 * Members of a workspace: the owner lists first with role `owner`; members are
 * added by username as editors or viewers (the owner's role cannot be given).
 */
import { roleSchema } from '../role';
import { isoTimeSchema, uuidSchema } from './fields';
import { workspaceParamsSchema } from './workspaces';
import { z } from './zod';

export const memberRoleSchema = z.enum(['editor', 'viewer']);
export type MemberRole = z.infer<typeof memberRoleSchema>;

export const addMemberBodySchema = z.object({ username: z.string().min(1).max(64), role: memberRoleSchema });
export type AddMemberBody = z.input<typeof addMemberBodySchema>;

export const changeRoleBodySchema = z.object({ role: memberRoleSchema });
export type ChangeRoleBody = z.input<typeof changeRoleBodySchema>;

export const memberParamsSchema = workspaceParamsSchema.extend({ userId: uuidSchema.openapi({ description: 'The member' }) });

export const memberSchema = z
  .object({
    userId: uuidSchema,
    username: z.string(),
    role: roleSchema,
    addedAt: isoTimeSchema,
  })
  .openapi('Member');
export type Member = z.infer<typeof memberSchema>;

export const memberEnvelopeSchema = z.object({ member: memberSchema });
export type MemberEnvelope = z.infer<typeof memberEnvelopeSchema>;

export const memberListSchema = z.object({ members: z.array(memberSchema) });
export type MemberList = z.infer<typeof memberListSchema>;
