import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { apiKeyRoutes } from './apiKeys.js';
import { auditRoutes } from './audit.js';
import { draftRoutes } from './drafts.js';
import { experimentRoutes } from './experiments.js';
import { journeyAdminRoutes } from './journeyAdmin.js';
import { journeyGuardrailRoutes } from './journeyGuardrails.js';
import { journeyPriorityRoutes } from './journeyPriority.js';
import { nodeTypeRoutes } from './nodeTypes.js';
import { scheduleRoutes } from './schedules.js';
import { segmentRoutes } from './segments.js';
import { versionRoutes } from './versions.js';
import { workflowRoutes } from './workflows.js';
import { workspaceRoutes } from './workspaces.js';

/** Workspaces, API keys, workflows, draft presence, versions, segments, node types, audit. */
export function authoringRoutes(v1: Hono<AppEnv>): void {
  for (const routes of [
    workspaceRoutes(),
    apiKeyRoutes(),
    workflowRoutes(),
    draftRoutes(),
    journeyAdminRoutes(),
    versionRoutes(),
    scheduleRoutes(),
    experimentRoutes(),
    journeyGuardrailRoutes(),
    journeyPriorityRoutes(),
    segmentRoutes(),
    nodeTypeRoutes(),
    auditRoutes(),
  ]) {
    v1.route('/', routes);
  }
}
