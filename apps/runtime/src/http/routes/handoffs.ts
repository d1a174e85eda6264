import { Hono } from 'hono';
import { listHandoffs } from '../../services/ledger.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { fromZodError } from '../problem.js';
import { LedgerQuery } from './messages.js';

/** `GET /v1/handoffs`: sales handoffs with their delivery state. */
export function handoffRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/handoffs', requirePermission('contact:read'), async (c) => {
    const query = LedgerQuery.safeParse(c.req.query());
    if (!query.success) throw fromZodError(query.error);
    const items = await listHandoffs(c.var.deps.sql, c.var.auth.workspaceId, query.data);
    return c.json({ items, next: items.length === query.data.limit ? items.at(-1)?.id : null });
  });
  return routes;
}

export const handoffDocs: RouteDoc[] = [
  {
    tag: 'Execution',
    method: 'get',
    path: '/v1/handoffs',
    summary: 'Sales handoffs from the ledger with owner, priority, note, signals and delivery state',
    access: 'contact:read',
    query: LedgerQuery,
    responses: { 200: { description: 'Newest first; `next` is the cursor for `before`' } },
  },
];
