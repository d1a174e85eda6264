import {
  getJourneyPriority,
  listJourneyPriorities,
  setGroupOrder,
  setJourneyPriority,
} from '@crossroads/api';
import { Hono } from 'hono';
import * as priority from '../../authoring/journeyPriority.js';
import { journeyPriorities } from '../../operate/journeyPriorities.js';
import { type AppEnv, actorFrom } from '../context.js';
import { notFound, unprocessable } from '../problem.js';
import { serve } from '../serve.js';

/** A journey's priority settings, and the workspace's view of journeys by group and priority. */
export function journeyPriorityRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(routes, getJourneyPriority, async (c, { params }) => {
    const settings = await priority.prioritySettings(c.var.deps.sql, c.var.auth.workspaceId, params.id);
    if (!settings) throw notFound('Workflow');
    return c.json(settings, 200);
  });
  serve(routes, setJourneyPriority, async (c, { params, body }) => {
    const settings = await priority.setPriority(c.var.deps.sql, actorFrom(c), params.id, body);
    if (!settings) throw notFound('Workflow');
    return c.json(settings, 200);
  });
  serve(routes, listJourneyPriorities, async (c) =>
    c.json(await journeyPriorities(c.var.deps.sql, c.var.auth.workspaceId), 200),
  );
  serve(routes, setGroupOrder, async (c, { body }) => {
    const { sql } = c.var.deps;
    const result = await priority.reorderGroup(sql, actorFrom(c), body);
    if (!result.ok) throw unprocessable(result.detail);
    return c.json(await journeyPriorities(sql, c.var.auth.workspaceId), 200);
  });
  return routes;
}
