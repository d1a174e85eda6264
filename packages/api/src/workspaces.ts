import { z } from 'zod';
import { Role } from './apiKeys.js';
import { Name, Uuid } from './primitives.js';
import { defineRoute } from './route.js';

export const CreateWorkspace = z.object({ name: Name });

export const CreatedWorkspace = z.object({
  id: Uuid,
  name: z.string(),
  adminKey: z.string().describe('The first admin key, shown in this response only'),
});

/** Who an API key is. */
export const Me = z.object({
  workspaceId: Uuid,
  workspaceName: z.string().nullable(),
  role: Role,
  keyId: Uuid,
  keyName: z.string(),
  instanceAdmin: z.boolean(),
});
export type Me = z.infer<typeof Me>;

const tag = 'Workspaces';

export const createWorkspace = defineRoute({
  method: 'post',
  path: '/v1/workspaces',
  tag,
  summary: 'Create a workspace and its first admin key (shown once)',
  access: 'instance-admin',
  body: CreateWorkspace,
  responses: { 201: { description: 'Created', schema: CreatedWorkspace } },
});

export const me = defineRoute({
  method: 'get',
  path: '/v1/me',
  tag,
  summary: 'Who this API key is: workspace, role, name',
  access: 'any-key',
  responses: { 200: { description: 'The key', schema: Me } },
});

export const workspaceRoutes = [createWorkspace, me] as const;
