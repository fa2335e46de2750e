/**
 * Workspaces: what create and rename accept, and the workspace as the API shows it
 * (with the caller's role in it). The languages are the ones a new workspace can
 * start in: the server has a starter file for each (server/src/workspace/starter.ts).
 */
import { accessRoleSchema } from '../role';
import { isoTimeSchema, uuidSchema } from './fields';
import { z } from './zod';

export const LANGUAGES = ['python', 'javascript', 'typescript', 'go', 'bash'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'python';

export const workspaceNameSchema = z
  .string()
  .trim()
  .min(1, 'A workspace name cannot be empty')
  .max(100, 'A workspace name is at most 100 characters');

export const createWorkspaceBodySchema = z.object({
  name: workspaceNameSchema,
  language: z.enum(LANGUAGES).default(DEFAULT_LANGUAGE),
});
export type CreateWorkspaceBody = z.input<typeof createWorkspaceBodySchema>;

export const renameWorkspaceBodySchema = z.object({ name: workspaceNameSchema });
export type RenameWorkspaceBody = z.input<typeof renameWorkspaceBodySchema>;

export const workspaceParamsSchema = z.object({ id: uuidSchema.openapi({ description: 'The workspace id' }) });

export const workspaceSchema = z
  .object({
    id: uuidSchema,
    name: z.string().min(1).max(100),
    language: z.enum(LANGUAGES),
    role: accessRoleSchema.openapi({ description: 'Your role in it (`reviewer`: assigned to an open review of it, not a member)' }),
    owner: z.object({ id: uuidSchema, username: z.string() }),
    createdAt: isoTimeSchema,
    updatedAt: isoTimeSchema,
    lastActivityAt: isoTimeSchema,
  })
  .openapi('Workspace');
export type Workspace = z.infer<typeof workspaceSchema>;

export const workspaceEnvelopeSchema = z.object({ workspace: workspaceSchema });
export type WorkspaceEnvelope = z.infer<typeof workspaceEnvelopeSchema>;

export const workspaceListSchema = z.object({ workspaces: z.array(workspaceSchema) });
export type WorkspaceList = z.infer<typeof workspaceListSchema>;
