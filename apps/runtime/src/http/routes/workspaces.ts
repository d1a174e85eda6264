import { createWorkspace, me } from '@crossroads/api';
import { Hono } from 'hono';
import { createWorkspace as create, getWorkspace } from '../../access/workspaces.js';
import { type AppEnv, actorFrom } from '../context.js';
import { serve } from '../serve.js';

/** Workspaces (instance admin) and `/me`, which tells a key who it is. */
export function workspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, createWorkspace, async (c, { body }) => {
    const created = await create(c.var.deps.sql, actorFrom(c), body.name);
    return c.json({ id: created.id, name: created.name, adminKey: created.adminKey }, 201);
  });

  serve(routes, me, async (c) => {
    const auth = c.var.auth;
    const workspace = await getWorkspace(c.var.deps.sql, auth.workspaceId);
    return c.json(
      {
        workspaceId: auth.workspaceId,
        workspaceName: workspace?.name ?? null,
        role: auth.role,
        keyId: auth.keyId,
        keyName: auth.keyName,
        instanceAdmin: auth.instanceAdmin,
      },
      200,
    );
  });

  return routes;
}
