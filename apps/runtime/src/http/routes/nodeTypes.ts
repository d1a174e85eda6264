import { type ApiNodeType, graphSchema, listNodeTypes } from '@crossroads/api';
import { graphJsonSchema } from '@crossroads/graph-schema';
import { Hono } from 'hono';
import { describeNodeTypes } from '../../authoring/nodeTypes.js';
import type { AppEnv } from '../context.js';
import { described, serve } from '../serve.js';

/** What the editor builds with: the node registry and the graph JSON Schema. */
export function nodeTypeRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, listNodeTypes, (c) => {
    const { registry } = c.var.deps;
    // Packs that failed to load are listed so the editor can say why a node is missing.
    const items = described<ApiNodeType[]>(describeNodeTypes(registry));
    return c.json({ items, packErrors: [...registry.packErrors] }, 200);
  });

  serve(routes, graphSchema, (c) => c.json(graphJsonSchema(), 200));

  return routes;
}
