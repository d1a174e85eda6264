import { z } from 'zod';
import { Name, NOT_FOUND, SafeString } from './primitives.js';
import { defineRoute } from './route.js';
import { WorkflowDetail, WorkflowParams, WorkflowSummary } from './workflows.js';

/** A starting point for a new journey: one of the shipped examples (examples/<id>/graph.json). */
export const JourneyTemplate = z.object({
  id: z.string().describe("The example's folder name, e.g. pricing-page-handoff"),
  name: z.string(),
  description: z.string(),
  steps: z.number().int(),
  stepTypes: z.array(z.string()).describe('Node types it uses, in order of first use'),
});
export type JourneyTemplate = z.infer<typeof JourneyTemplate>;

export const DuplicateWorkflow = z.object({
  name: Name.optional().describe("Defaults to 'Copy of <name>'"),
});
export const ArchiveWorkflow = z.object({ reason: SafeString.max(500).optional() });
export const FromTemplate = z.object({ name: Name.optional().describe("Defaults to the template's name") });

export const DeletedWorkflow = z.object({ id: z.string(), deleted: z.literal(true) });

const tag = 'Workflows';

export const duplicateWorkflow = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/duplicate',
  tag,
  summary: "A new journey whose draft is a copy of this one's draft (never its versions or contacts)",
  access: 'workflow:write',
  params: WorkflowParams,
  body: DuplicateWorkflow,
  responses: { 201: { description: 'The copy', schema: WorkflowDetail } },
});

export const archiveWorkflow = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/archive',
  tag,
  summary: 'Archive a journey: it stops enrolling (paused if live), keeps its versions and traces (audited)',
  description:
    'Contacts already enrolled go on through their version, as with a pause. Archived journeys are left out of the list unless asked for; unarchiving leaves the journey paused.',
  access: 'workflow:publish',
  params: WorkflowParams,
  body: ArchiveWorkflow,
  responses: { 200: { description: 'Archived (or already archived)', schema: WorkflowSummary } },
});

export const unarchiveWorkflow = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/unarchive',
  tag,
  summary: 'Bring an archived journey back to the list (paused if it was ever live; audited)',
  access: 'workflow:publish',
  params: WorkflowParams,
  responses: { 200: { description: 'Back in the list', schema: WorkflowSummary } },
});

export const deleteWorkflow = defineRoute({
  method: 'delete',
  path: '/v1/workflows/{id}',
  tag,
  summary: 'Delete a journey that was never published (audited)',
  description:
    'A published journey has versions and traces auditors keep: it cannot be deleted (409 says why); archive it instead.',
  access: 'workflow:write',
  params: WorkflowParams,
  responses: {
    200: { description: 'Deleted', schema: DeletedWorkflow },
    409: { description: 'The journey has published versions: archive it instead' },
  },
});

export const listTemplates = defineRoute({
  method: 'get',
  path: '/v1/templates',
  tag,
  summary: 'Journeys to start from (the shipped examples)',
  access: 'workflow:read',
  responses: { 200: { description: 'Templates', schema: z.object({ items: z.array(JourneyTemplate) }) } },
});

export const createFromTemplate = defineRoute({
  method: 'post',
  path: '/v1/templates/{templateId}/workflows',
  tag,
  summary:
    'Create a journey from a template: its draft, and the named segments it uses that the workspace lacks',
  access: 'workflow:write',
  params: z.object({
    templateId: SafeString.min(1)
      .max(100)
      .meta({ [NOT_FOUND]: 'Template' }),
  }),
  body: FromTemplate,
  responses: {
    201: { description: 'Created', schema: WorkflowDetail },
    404: { description: 'Unknown template' },
  },
});

export const journeyAdminRoutes = [
  duplicateWorkflow,
  archiveWorkflow,
  unarchiveWorkflow,
  deleteWorkflow,
  listTemplates,
  createFromTemplate,
] as const;
