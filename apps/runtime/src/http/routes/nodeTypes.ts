import { graphJsonSchema } from '@crossroads/graph-schema';
import { Hono } from 'hono';
import { z } from 'zod';
import { describeNodeTypes } from '../../authoring/nodeTypes.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';

/** What the editor builds with: the node registry and the graph JSON Schema. */
export function nodeTypeRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/node-types', requirePermission('workflow:read'), (c) => {
    const { registry } = c.var.deps;
    // Packs that failed to load are listed so the editor can say why a node is missing.
    return c.json({ items: describeNodeTypes(registry), packErrors: registry.packErrors });
  });

  routes.get('/graph-schema', requirePermission('workflow:read'), (c) => {
    return c.json(graphJsonSchema());
  });

  return routes;
}

export const nodeTypeDocs: RouteDoc[] = [
  {
    tag: 'Node types',
    method: 'get',
    path: '/v1/node-types',
    summary: 'Every node type in the registry (built-ins and packs) with its config JSON Schema',
    access: 'workflow:read',
    responses: {
      200: {
        description: 'Node types',
        schema: z.object({ items: z.array(z.looseObject({ type: z.string() })) }),
      },
    },
  },
  {
    tag: 'Node types',
    method: 'get',
    path: '/v1/graph-schema',
    summary: 'JSON Schema of a journey graph',
    access: 'workflow:read',
    responses: { 200: { description: 'JSON Schema (draft 2020-12)' } },
  },
];
