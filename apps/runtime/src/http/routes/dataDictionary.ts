import { Hono } from 'hono';
import { dataDictionary } from '../../authoring/dataDictionary.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';

/** `GET /v1/data-dictionary`: attribute and event property names seen, for rule completion. */
export function dataDictionaryRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/data-dictionary', requirePermission('workflow:read'), async (c) =>
    c.json(await dataDictionary(c.var.deps.sql, c.var.auth.workspaceId)),
  );
  return routes;
}

export const dataDictionaryDocs: RouteDoc[] = [
  {
    tag: 'Execution',
    method: 'get',
    path: '/v1/data-dictionary',
    summary: 'Contact attributes and event properties seen in the workspace, and the var paths they give',
    access: 'workflow:read',
    responses: { 200: { description: '{ contact, events, paths }' } },
  },
];
