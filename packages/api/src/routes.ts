import { apiKeyRoutes } from './apiKeys.js';
import { auditRoutes } from './audit.js';
import { channelRoutes } from './channels.js';
import { contactRoutes } from './contacts.js';
import { dataDictionaryRoutes } from './dataDictionary.js';
import { draftRoutes } from './drafts.js';
import { enrollmentRoutes } from './enrollments.js';
import { eventRoutes } from './events.js';
import { experimentRoutes } from './experiments.js';
import { handoffRoutes } from './handoffs.js';
import { importRoutes } from './imports.js';
import { journeyAdminRoutes } from './journeyAdmin.js';
import { journeyGuardrailRoutes } from './journeyGuardrails.js';
import { journeyPriorityRoutes } from './journeyPriority.js';
import { messageRoutes } from './messages.js';
import { nodeTypeRoutes } from './nodeTypes.js';
import { operateRoutes } from './operate.js';
import { outcomeRoutes } from './outcomes.js';
import type { RouteContract } from './route.js';
import { scheduleRoutes } from './schedules.js';
import { segmentRoutes } from './segments.js';
import { segmentTrackingRoutes } from './segmentTracking.js';
import { simulateRoutes } from './simulate.js';
import { statsRoutes } from './stats.js';
import { systemRoutes } from './system.js';
import { trackingRoutes } from './tracking.js';
import { versionRoutes } from './versions.js';
import { workflowRoutes } from './workflows.js';
import { workspaceRoutes } from './workspaces.js';

/** Every route of the API, in the order /openapi.json lists them. */
export const ROUTES: readonly RouteContract[] = [
  ...systemRoutes,
  ...workspaceRoutes,
  ...apiKeyRoutes,
  ...workflowRoutes,
  ...draftRoutes,
  ...journeyAdminRoutes,
  ...versionRoutes,
  ...scheduleRoutes,
  ...experimentRoutes,
  ...journeyGuardrailRoutes,
  ...journeyPriorityRoutes,
  ...segmentRoutes,
  ...nodeTypeRoutes,
  ...auditRoutes,
  ...dataDictionaryRoutes,
  ...eventRoutes,
  ...segmentTrackingRoutes,
  ...importRoutes,
  ...contactRoutes,
  ...enrollmentRoutes,
  ...statsRoutes,
  ...simulateRoutes,
  ...messageRoutes,
  ...handoffRoutes,
  ...outcomeRoutes,
  ...operateRoutes,
  ...channelRoutes,
  ...trackingRoutes,
];
