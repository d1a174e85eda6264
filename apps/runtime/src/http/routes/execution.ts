import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { contactRoutes } from './contacts.js';
import { dataDictionaryRoutes } from './dataDictionary.js';
import { enrollmentRoutes } from './enrollments.js';
import { eventRoutes } from './events.js';
import { handoffRoutes } from './handoffs.js';
import { messageRoutes } from './messages.js';
import { operateRoutes } from './operate.js';
import { outcomeRoutes } from './outcomes.js';
import { simulateRoutes } from './simulate.js';
import { statsRoutes } from './stats.js';

/** Events, contacts and their traces, retries of their steps, stats, simulation, messages and handoffs. */
export function executionRoutes(v1: Hono<AppEnv>): void {
  for (const routes of [
    eventRoutes(),
    contactRoutes(),
    enrollmentRoutes(),
    statsRoutes(),
    simulateRoutes(),
    messageRoutes(),
    handoffRoutes(),
    outcomeRoutes(),
    operateRoutes(),
    dataDictionaryRoutes(),
  ]) {
    v1.route('/', routes);
  }
}
