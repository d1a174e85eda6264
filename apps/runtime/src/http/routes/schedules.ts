import { listScheduledRuns, schedulePreview } from '@crossroads/api';
import { Hono } from 'hono';
import * as schedules from '../../operate/schedulePreview.js';
import type { AppEnv } from '../context.js';
import { badRequest, fromZodError, notFound } from '../problem.js';
import { serve } from '../serve.js';

/** A scheduled trigger's preview (next runs, contacts that would enter) and its run history. */
export function scheduleRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, schedulePreview, async (c, { params, body }) => {
    const result = await schedules.previewSchedule(c.var.deps.sql, c.var.auth.workspaceId, params.id, body);
    if (result.ok) return c.json(result.preview, 200);
    if (result.reason === 'not-found') throw notFound('Workflow');
    if (result.reason === 'timezone') {
      throw badRequest(`timezone: '${body.timezone}' is not a time zone, e.g. Europe/Berlin`, [
        { path: 'timezone', message: 'not an IANA time zone' },
      ]);
    }
    throw fromZodError(result.error, 'schedule');
  });

  serve(routes, listScheduledRuns, async (c, { params, query }) => {
    const items = await schedules.listScheduledRuns(
      c.var.deps.sql,
      c.var.auth.workspaceId,
      params.id,
      query.limit,
    );
    if (!items) throw notFound('Workflow');
    return c.json({ items }, 200);
  });

  return routes;
}
