import { Hono } from 'hono';
import { z } from 'zod';
import { EventBatch, EventInput, MAX_BATCH, parseEvents } from '../../ingest/eventInput.js';
import { ingestEvents } from '../../ingest/ingestEvents.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { badRequest, fromZodError } from '../problem.js';

const Accepted = z.object({
  accepted: z.number().int().describe('Events stored now'),
  duplicates: z.number().int().describe('Events whose id was seen before (ignored)'),
  enrolled: z.number().int(),
  resumed: z.number().int(),
  converted: z.number().int(),
});

/** `POST /v1/events`: one event or `{ batch: [...] }`. */
export function eventRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post('/events', requirePermission('event:write'), async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw badRequest('The request body is not valid JSON (send Content-Type: application/json)');
    }
    const isBatch = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'batch' in raw;
    if (
      isBatch &&
      Array.isArray((raw as { batch: unknown }).batch) &&
      (raw as { batch: unknown[] }).batch.length > MAX_BATCH
    ) {
      throw badRequest(`batch: at most ${MAX_BATCH} events per request`, [
        { path: 'batch', message: `at most ${MAX_BATCH} events per request` },
      ]);
    }
    const parsed = parseEvents(raw);
    if (!parsed.success) throw fromZodError(parsed.error);
    const { sql, registry } = c.var.deps;
    return c.json(await ingestEvents(sql, registry, c.var.auth.workspaceId, parsed.events), 202);
  });
  return routes;
}

export const eventDocs: RouteDoc[] = [
  {
    tag: 'Events',
    method: 'post',
    path: '/v1/events',
    summary: 'Ingest one event or a batch',
    description:
      'Contacts seen for the first time are created. An `id` makes ingestion idempotent. Events that match an ' +
      "active workflow's trigger enroll the contact; events a waiting journey expects resume it; goal events convert.",
    access: 'event:write',
    body: z.union([EventInput, EventBatch]),
    responses: {
      202: { description: 'Accepted', schema: Accepted },
      400: { description: 'Malformed event' },
    },
  },
];
