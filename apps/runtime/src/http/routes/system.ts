import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { metricsRegistry } from '../../metrics.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { HttpProblem } from '../problem.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Unauthenticated probes and Prometheus metrics (behind CROSSROADS_METRICS_TOKEN when set). */
export function systemRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', (c) => c.json({ ok: true }));
  routes.get('/readyz', async (c) => {
    await c.var.deps.sql`select 1`;
    return c.json({ ok: true });
  });
  routes.get('/metrics', async (c) => {
    const token = c.var.deps.config.CROSSROADS_METRICS_TOKEN;
    const given = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (token && !(given && sameSecret(given, token))) {
      throw new HttpProblem(401, 'Unauthorized', 'Send the metrics token as "Authorization: Bearer <token>"');
    }
    return c.body(await metricsRegistry.metrics(), 200, { 'content-type': metricsRegistry.contentType });
  });
  return routes;
}

const tag = { tag: 'System', access: 'public' } as const;
export const systemDocs: RouteDoc[] = [
  {
    ...tag,
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    responses: { 200: { description: 'Alive' } },
  },
  {
    ...tag,
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database answers',
    responses: { 200: { description: 'Ready' }, 503: { description: 'Database unavailable' } },
  },
  {
    ...tag,
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (Bearer CROSSROADS_METRICS_TOKEN when that is set)',
    responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
  },
  {
    ...tag,
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1' } },
  },
  {
    ...tag,
    method: 'get',
    path: '/docs',
    summary: 'Browsable API reference (HTML)',
    responses: { 200: { description: 'HTML page' } },
  },
];
