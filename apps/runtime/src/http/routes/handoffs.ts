import { Hono } from 'hono';
import { actorOf } from '../../access/audit.js';
import { retryHandoff } from '../../deliver/handoffRetry.js';
import { listHandoffs } from '../../operate/ledger.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { conflict, fromZodError, notFound } from '../problem.js';
import { LedgerQuery } from './messages.js';

/** `GET /v1/handoffs`: sales handoffs with their delivery state; `POST …/:id/retry` revives a dead one. */
export function handoffRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/handoffs', requirePermission('contact:read'), async (c) => {
    const query = LedgerQuery.safeParse(c.req.query());
    if (!query.success) throw fromZodError(query.error);
    const items = await listHandoffs(c.var.deps.sql, c.var.auth.workspaceId, query.data);
    return c.json({ items, next: items.length === query.data.limit ? items.at(-1)?.id : null });
  });
  routes.post('/handoffs/:id/retry', requirePermission('workflow:publish'), async (c) => {
    const id = c.req.param('id');
    if (!/^\d{1,18}$/.test(id)) throw notFound('Handoff');
    const { sql } = c.var.deps;
    const result = await retryHandoff(sql, c.var.auth.workspaceId, id, actorOf(c.var.auth));
    if (result.state === null) throw notFound('Handoff');
    if (!result.ok)
      throw conflict(`Only a dead-lettered handoff can be retried; this one is ${result.state}`);
    return c.json({ id, state: result.state }, 202);
  });
  return routes;
}

export const handoffDocs: RouteDoc[] = [
  {
    tag: 'Execution',
    method: 'get',
    path: '/v1/handoffs',
    summary:
      'Sales handoffs with owner, priority, note, signals and delivery state (pending, sent, delivered-to-ledger, dead)',
    access: 'contact:read',
    query: LedgerQuery,
    responses: { 200: { description: 'Newest first; `next` is the cursor for `before`' } },
  },
  {
    tag: 'Execution',
    method: 'post',
    path: '/v1/handoffs/:id/retry',
    summary: 'Retry a dead-lettered handoff: back to pending with a fresh retry schedule (audited)',
    access: 'workflow:publish',
    responses: {
      202: { description: 'Queued for delivery' },
      404: { description: 'Unknown handoff' },
      409: { description: 'The handoff is not dead-lettered' },
    },
  },
];
