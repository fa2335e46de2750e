/** A workspace's settings over HTTP (`/api/workspaces/:id/settings`; the owner alone writes them). */
import type { WorkspaceSettingsEnvelope } from '@tandem/protocol';
import { call } from './api';

const path = (id: string) => `/api/workspaces/${encodeURIComponent(id)}/settings`;

export const settingsApi = {
  get: (id: string) => call<WorkspaceSettingsEnvelope>('GET', path(id)),
  putRunCommands: (id: string, runCommands: Record<string, string>) => call<WorkspaceSettingsEnvelope>('PUT', path(id), { runCommands }),
};
