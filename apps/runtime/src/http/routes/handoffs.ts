import { type HandoffEntry, listHandoffOwners, listHandoffs, retryHandoff } from '@crossroads/api';
import { Hono } from 'hono';
import { actorOf } from '../../access/audit.js';
import { retryHandoff as retry } from '../../deliver/handoffRetry.js';
import { listHandoffs as list, listHandoffOwners as owners } from '../../operate/ledger.js';
import type { AppEnv } from '../context.js';
import { conflict, notFound } from '../problem.js';
import { described, serve } from '../serve.js';

/** `GET /v1/handoffs`: sales handoffs with their delivery state; `POST …/:id/retry` revives a dead one. */
export function handoffRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(routes, listHandoffs, async (c, { query }) => {
    const items = await list(c.var.deps.sql, c.var.auth.workspaceId, query);
    return c.json(
      {
        items: described<HandoffEntry[]>(items),
        next: items.length === query.limit ? (items.at(-1)?.id ?? null) : null,
      },
      200,
    );
  });
  serve(routes, listHandoffOwners, async (c) =>
    c.json({ items: await owners(c.var.deps.sql, c.var.auth.workspaceId) }, 200),
  );
  serve(routes, retryHandoff, async (c, { params }) => {
    const { id } = params;
    const result = await retry(c.var.deps.sql, c.var.auth.workspaceId, id, actorOf(c.var.auth));
    if (result.state === null) throw notFound('Handoff');
    if (!result.ok)
      throw conflict(`Only a dead-lettered handoff can be retried; this one is ${result.state}`);
    return c.json({ id, state: result.state }, 202);
  });
  return routes;
}
