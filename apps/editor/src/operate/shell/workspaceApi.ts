import * as routes from '@crossroads/api';
import { useMemo } from 'react';
import { type ApiClientOptions, createTransport } from '../../api/client.js';
import { storedKey } from '../../app/auth.js';

/**
 * Typed client for the workspace-wide pages (contacts, handoffs, API keys, sending settings, the
 * journey list's actions), typed from @crossroads/api like the other clients. Listing methods take a ready query
 * string or an object of parameters.
 *
 * @example
 * const api = createWorkspaceApi({ apiKey });
 * const page = await api.contacts({ q: 'ana@', limit: 25 });
 */
export function createWorkspaceApi(options: ApiClientOptions) {
  const { call } = createTransport(options);
  const wf = (id: string) => ({ params: { id } });
  return {
    contacts: (query: Record<string, string | number> | string) => call(routes.searchContacts, { query }),
    handoffs: (query: Record<string, string | number> | string) => call(routes.listHandoffs, { query }),
    handoffOwners: () => call(routes.listHandoffOwners),
    retryHandoff: (id: string) => call(routes.retryHandoff, { params: { id } }),
    apiKeys: () => call(routes.listApiKeys),
    createApiKey: (name: string, role: routes.Role) => call(routes.createApiKey, { body: { name, role } }),
    revokeApiKey: (id: string) => call(routes.revokeApiKey, { params: { id } }),
    channelSettings: () => call(routes.getChannelSettings),
    saveChannelSettings: (body: routes.ChannelSettingsInput) => call(routes.putChannelSettings, { body }),
    workflows: (query: { q?: string; archived?: 'exclude' | 'only' | 'include' }) =>
      call(routes.listWorkflows, { query }),
    duplicate: (id: string, name?: string) =>
      call(routes.duplicateWorkflow, { ...wf(id), body: name ? { name } : {} }),
    archive: (id: string) => call(routes.archiveWorkflow, { ...wf(id), body: {} }),
    unarchive: (id: string) => call(routes.unarchiveWorkflow, wf(id)),
    deleteWorkflow: (id: string) => call(routes.deleteWorkflow, wf(id)),
    templates: () => call(routes.listTemplates),
    fromTemplate: (templateId: string, name?: string) =>
      call(routes.createFromTemplate, { params: { templateId }, body: name ? { name } : {} }),
  };
}

export type WorkspaceApi = ReturnType<typeof createWorkspaceApi>;

/** The workspace client for the signed-in key. */
export function useWorkspaceApi(): WorkspaceApi {
  return useMemo(() => createWorkspaceApi({ apiKey: storedKey() ?? '' }), []);
}
