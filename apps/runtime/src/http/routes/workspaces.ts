import { Hono } from 'hono';
import { z } from 'zod';
import { ROLES } from '../../access/permissions.js';
import { createWorkspace, getWorkspace } from '../../access/workspaces.js';
import { requireInstanceAdmin } from '../auth.js';
import { type AppEnv, actorFrom } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { readBody } from '../problem.js';
import { Name } from './schemas.js';

const CreateWorkspace = z.object({ name: Name });

/** Workspaces (instance admin) and `/me`, which tells a key who it is. */
export function workspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post('/workspaces', requireInstanceAdmin, async (c) => {
    const { name } = await readBody(c, CreateWorkspace);
    const created = await createWorkspace(c.var.deps.sql, actorFrom(c), name);
    return c.json({ id: created.id, name: created.name, adminKey: created.adminKey }, 201);
  });

  routes.get('/me', async (c) => {
    const auth = c.var.auth;
    const workspace = await getWorkspace(c.var.deps.sql, auth.workspaceId);
    return c.json({
      workspaceId: auth.workspaceId,
      workspaceName: workspace?.name ?? null,
      role: auth.role,
      keyId: auth.keyId,
      keyName: auth.keyName,
      instanceAdmin: auth.instanceAdmin,
    });
  });

  return routes;
}

export const workspaceDocs: RouteDoc[] = [
  {
    tag: 'Workspaces',
    method: 'post',
    path: '/v1/workspaces',
    summary: 'Create a workspace and its first admin key (shown once)',
    access: 'instance-admin',
    body: CreateWorkspace,
    responses: {
      201: {
        description: 'Created',
        schema: z.object({ id: z.uuid(), name: z.string(), adminKey: z.string() }),
      },
    },
  },
  {
    tag: 'Workspaces',
    method: 'get',
    path: '/v1/me',
    summary: 'Who this API key is: workspace, role, name',
    access: 'any-key',
    responses: {
      200: {
        description: 'The key',
        schema: z.object({
          workspaceId: z.uuid(),
          workspaceName: z.string(),
          role: z.enum(ROLES),
          keyId: z.uuid(),
          keyName: z.string(),
          instanceAdmin: z.boolean(),
        }),
      },
    },
  },
];
