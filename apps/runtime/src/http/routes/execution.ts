import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { contactDocs, contactRoutes } from './contacts.js';
import { dataDictionaryDocs, dataDictionaryRoutes } from './dataDictionary.js';
import { eventDocs, eventRoutes } from './events.js';
import { handoffDocs, handoffRoutes } from './handoffs.js';
import { messageDocs, messageRoutes } from './messages.js';
import { operateDocs, operateRoutes } from './operate.js';
import { simulateDocs, simulateRoutes } from './simulate.js';
import { statsDocs, statsRoutes } from './stats.js';

/** Events, contacts and their traces, stats, simulation, messages and handoffs. */
export function executionRoutes(v1: Hono<AppEnv>): void {
  for (const routes of [
    eventRoutes(),
    contactRoutes(),
    statsRoutes(),
    simulateRoutes(),
    messageRoutes(),
    handoffRoutes(),
    operateRoutes(),
    dataDictionaryRoutes(),
  ]) {
    v1.route('/', routes);
  }
}

export const executionDocs: RouteDoc[] = [
  ...dataDictionaryDocs,
  ...eventDocs,
  ...contactDocs,
  ...statsDocs,
  ...simulateDocs,
  ...messageDocs,
  ...handoffDocs,
  ...operateDocs,
];
