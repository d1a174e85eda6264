import { workflowStats } from '@crossroads/api';
import { Hono } from 'hono';
import { workflowStats as stats } from '../../operate/stats.js';
import type { AppEnv } from '../context.js';
import { notFound } from '../problem.js';
import { serve } from '../serve.js';

/** `GET /v1/workflows/:id/stats`: per-node counts. */
export function statsRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(routes, workflowStats, async (c, { params, query }) => {
    const result = await stats(c.var.deps.sql, c.var.auth.workspaceId, params.id, query.version);
    if (!result) throw notFound('Workflow');
    return c.json(result, 200);
  });
  return routes;
}
