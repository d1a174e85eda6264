import { z } from 'zod';
import { defineRoute } from './route.js';

const Ok = z.object({ ok: z.literal(true) });
const tag = 'System';

export const healthz = defineRoute({
  method: 'get',
  path: '/healthz',
  tag,
  access: 'public',
  summary: 'Liveness: the process answers',
  responses: { 200: { description: 'Alive', schema: Ok } },
});

export const readyz = defineRoute({
  method: 'get',
  path: '/readyz',
  tag,
  access: 'public',
  summary: 'Readiness: the runtime has started and its database answers',
  responses: {
    200: { description: 'Ready', schema: Ok },
    503: {
      description:
        'Not ready; `detail` says why (e.g. "The runtime is starting. Waiting for the database (db:5432/crossroads): ECONNREFUSED: …")',
    },
  },
});

export const metrics = defineRoute({
  method: 'get',
  path: '/metrics',
  tag,
  access: 'public',
  summary: 'Prometheus metrics (Bearer CROSSROADS_METRICS_TOKEN when that is set)',
  responses: { 200: { description: 'Prometheus text format', media: ['text/plain'] } },
});

export const openApiJson = defineRoute({
  method: 'get',
  path: '/openapi.json',
  tag,
  access: 'public',
  summary: 'This document',
  responses: { 200: { description: 'OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) } },
});

export const docs = defineRoute({
  method: 'get',
  path: '/docs',
  tag,
  access: 'public',
  summary: 'Browsable API reference (HTML)',
  responses: { 200: { description: 'HTML page', media: ['text/html'] } },
});

export const systemRoutes = [healthz, readyz, metrics, openApiJson, docs] as const;
