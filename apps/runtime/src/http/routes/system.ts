import { Hono } from 'hono';
import type { AppEnv } from '../context.js';

/** Unauthenticated probes. */
export function systemRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', (c) => c.json({ ok: true }));
  routes.get('/readyz', async (c) => {
    await c.var.deps.sql`select 1`;
    return c.json({ ok: true });
  });
  return routes;
}
