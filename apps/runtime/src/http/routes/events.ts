import { ingestEvents, mayHoldUnstorable } from '@crossroads/api';
import { Hono } from 'hono';
import { MAX_BATCH, parseEvents } from '../../ingest/eventInput.js';
import { ingestEvents as ingest } from '../../ingest/ingestEvents.js';
import type { AppEnv } from '../context.js';
import { parseJson } from '../input.js';
import { badRequest, fromZodError } from '../problem.js';
import { serve } from '../serve.js';

/** `POST /v1/events`: one event or `{ batch: [...] }`; a batch's bad events are refused one by one. */
export function eventRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(
    routes,
    ingestEvents,
    async (c) => {
      // Checked per event (parseEvents), so one bad event does not refuse the batch: strings, and
      // the depth of properties (events nest nowhere else). Most bodies cannot hold a bad string.
      const { text, raw } = await parseJson(c);
      if (raw === undefined)
        throw badRequest('The request body is empty: send one event or { "batch": [...] }');
      const batch = (raw as { batch?: unknown } | null)?.batch;
      if (Array.isArray(batch) && batch.length > MAX_BATCH) {
        throw badRequest(`batch: at most ${MAX_BATCH} events per request`, [
          { path: 'batch', message: `at most ${MAX_BATCH} events per request` },
        ]);
      }
      const parsed = parseEvents(raw, { storable: !mayHoldUnstorable(text) });
      if (!parsed.success) throw fromZodError(parsed.error);
      const { events, rejected } = parsed;
      if (events.length === 0) {
        // Nothing to store: the client must fix the batch, not retry it.
        const [first] = rejected;
        throw badRequest(
          `${first?.field}: ${first?.message}`,
          rejected.map((r) => ({ path: r.field, message: r.message })),
        );
      }
      const { sql, registry } = c.var.deps;
      const result = await ingest(sql, registry, c.var.auth.workspaceId, events);
      return c.json({ ...result, rejected }, 202);
    },
    { ownBody: true },
  );
  return routes;
}
