import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { eventDocs, eventRoutes } from './events.js';

/** Events, contacts and their traces, stats, simulation, messages and handoffs. */
export function executionRoutes(v1: Hono<AppEnv>): void {
  for (const routes of [eventRoutes()]) v1.route('/', routes);
}

export const executionDocs: RouteDoc[] = [...eventDocs];
