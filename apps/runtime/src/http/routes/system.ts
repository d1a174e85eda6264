import { timingSafeEqual } from 'node:crypto';
import { healthz, metrics, readyz } from '@crossroads/api';
import { Hono } from 'hono';
import { metricsRegistry } from '../../metrics.js';
import type { AppEnv } from '../context.js';
import { serviceUnavailable } from '../deadline.js';
import { HttpProblem } from '../problem.js';
import { serve } from '../serve.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Unauthenticated probes and Prometheus metrics (behind CROSSROADS_METRICS_TOKEN when set). */
export function systemRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(routes, healthz, (c) => c.json({ ok: true as const }, 200));
  serve(routes, readyz, async (c) => {
    try {
      await c.var.deps.sql`select 1`;
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      throw serviceUnavailable(`The database does not answer: ${code ? `${code}: ` : ''}${message ?? error}`);
    }
    return c.json({ ok: true as const }, 200);
  });
  serve(routes, metrics, async (c) => {
    const token = c.var.deps.config.CROSSROADS_METRICS_TOKEN;
    const given = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (token && !(given && sameSecret(given, token))) {
      throw new HttpProblem(401, 'Unauthorized', 'Send the metrics token as "Authorization: Bearer <token>"');
    }
    return c.body(await metricsRegistry.metrics(), 200, { 'content-type': metricsRegistry.contentType });
  });
  return routes;
}
