import { Hono } from 'hono';
import { z } from 'zod';
import { workflowStats } from '../../operate/stats.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { uuidParam } from '../params.js';
import { fromZodError, notFound } from '../problem.js';

const StatsQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

/** `GET /v1/workflows/:id/stats`: per-node counts. */
export function statsRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/workflows/:id/stats', requirePermission('workflow:read'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const query = StatsQuery.safeParse(c.req.query());
    if (!query.success) throw fromZodError(query.error);
    const stats = await workflowStats(c.var.deps.sql, c.var.auth.workspaceId, id, query.data.version);
    if (!stats) throw notFound('Workflow');
    return c.json(stats);
  });
  return routes;
}

export const statsDocs: RouteDoc[] = [
  {
    tag: 'Execution',
    method: 'get',
    path: '/v1/workflows/:id/stats',
    summary: 'Per-node counts: entered, waiting, ended, outputs, conversions, emails and handoffs by state',
    access: 'workflow:read',
    query: StatsQuery,
    responses: { 200: { description: 'Counts for one version, or all versions without ?version' } },
  },
];
