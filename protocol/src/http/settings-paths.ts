/** The operations of a workspace's settings (server/src/api/settings-routes.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { badInput, forbiddenBelow, jsonBody, jsonResponse, notMember, signedInOperation, tooLarge } from './responses';
import { workspaceSettingsBodySchema, workspaceSettingsEnvelopeSchema } from './workspace-settings';
import { workspaceParamsSchema } from './workspaces';

const params = { params: workspaceParamsSchema };

export const settingsPaths: RouteConfig[] = [
  signedInOperation('workspaces', 'get', '/api/workspaces/{id}/settings', "Read a workspace's settings: the Run button's command per file extension (the defaults until the owner sets them)", params, {
    200: jsonResponse('The settings in force', workspaceSettingsEnvelopeSchema),
    404: notMember,
  }),
  signedInOperation('workspaces', 'put', '/api/workspaces/{id}/settings', "Replace a workspace's settings (owner only)", { ...params, body: jsonBody(workspaceSettingsBodySchema) }, {
    200: jsonResponse('Stored', workspaceSettingsEnvelopeSchema),
    400: badInput,
    403: forbiddenBelow('owner'),
    404: notMember,
    413: tooLarge,
  }),
];
