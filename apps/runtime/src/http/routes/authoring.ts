import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { apiKeyDocs, apiKeyRoutes } from './apiKeys.js';
import { auditDocs, auditRoutes } from './audit.js';
import { nodeTypeDocs, nodeTypeRoutes } from './nodeTypes.js';
import { segmentDocs, segmentRoutes } from './segments.js';
import { versionDocs, versionRoutes } from './versions.js';
import { workflowDocs, workflowRoutes } from './workflows.js';
import { workspaceDocs, workspaceRoutes } from './workspaces.js';

/** Workspaces, API keys, workflows, versions, segments, node types, audit. */
export function authoringRoutes(v1: Hono<AppEnv>): void {
  for (const routes of [
    workspaceRoutes(),
    apiKeyRoutes(),
    workflowRoutes(),
    versionRoutes(),
    segmentRoutes(),
    nodeTypeRoutes(),
    auditRoutes(),
  ]) {
    v1.route('/', routes);
  }
}

export const authoringDocs: RouteDoc[] = [
  ...workspaceDocs,
  ...apiKeyDocs,
  ...workflowDocs,
  ...versionDocs,
  ...segmentDocs,
  ...nodeTypeDocs,
  ...auditDocs,
];
