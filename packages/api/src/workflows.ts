import { z } from 'zod';
import { SessionId } from './drafts.js';
import { GraphBody, GraphDocument } from './graphs.js';
import { Instant, Name, pathUuid, SafeString, Uuid } from './primitives.js';
import { Problems } from './problem.js';
import { defineRoute } from './route.js';

export const WorkflowStatus = z.enum(['draft', 'active', 'paused']);
export type WorkflowStatus = z.infer<typeof WorkflowStatus>;

export const WorkflowSummary = z.object({
  id: Uuid,
  name: z.string(),
  status: WorkflowStatus,
  activeVersion: z.number().int().nullable(),
  latestVersion: z.number().int().nullable(),
  draftRevision: z.number().int(),
  createdAt: Instant,
  updatedAt: Instant,
  archivedAt: Instant.nullable().describe('Archived journeys enrol nobody; their versions and traces stay'),
});
export type WorkflowSummary = z.infer<typeof WorkflowSummary>;

export const WorkflowDetail = WorkflowSummary.extend({ draft: GraphBody, problems: Problems });
export type WorkflowDetail = z.infer<typeof WorkflowDetail>;

export const CreateWorkflow = z.object({
  name: Name.optional().describe('Defaults to the graph name'),
  graph: GraphDocument,
});
export const RenameWorkflow = z.object({ name: Name });
export const SaveDraft = z.object({
  graph: GraphDocument,
  baseRevision: z
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .optional()
    .describe(
      'The draftRevision this edit started from. When the draft moved on since, edits to different steps, outputs and settings are merged; edits to the same item answer 409 with `conflicts`',
    ),
  session: SessionId.optional().describe(
    'The editor tab saving: its own earlier saves never conflict with it, and it is told when someone replaces its change',
  ),
  keep: z
    .record(SafeString.max(400), z.enum(['theirs', 'mine']))
    .refine((keep) => Object.keys(keep).length <= 2000, 'at most 2000 items')
    .optional()
    .describe(
      "How to settle conflicts a 409 listed, by item key. 'mine' replaces the other person's change (they are told); unlisted conflicts answer 409 again",
    ),
});
export const ValidateGraph = z.object({ graph: GraphDocument.optional() });

export const SavedDraft = z.object({
  draftRevision: z.number().int(),
  updatedAt: Instant,
  problems: Problems,
  merged: z.boolean().describe('Whether the edit was merged with changes saved since baseRevision'),
  draft: GraphBody.optional().describe('The draft as stored, when it is not the graph sent (merged)'),
});
export type SavedDraft = z.infer<typeof SavedDraft>;
export const Validation = z.object({ ok: z.boolean(), problems: Problems });
export type Validation = z.infer<typeof Validation>;

export const WorkflowParams = z.object({ id: pathUuid('Workflow') });

const tag = 'Workflows';

export const WorkflowListQuery = z.object({
  q: SafeString.trim()
    .max(200)
    .optional()
    .describe('Only journeys whose name contains this (case-insensitive)'),
  archived: z
    .enum(['exclude', 'only', 'include'])
    .default('exclude')
    .describe('Archived journeys: left out (default), only them, or both'),
});

export const listWorkflows = defineRoute({
  method: 'get',
  path: '/v1/workflows',
  tag,
  summary: 'List workflows',
  access: 'workflow:read',
  query: WorkflowListQuery,
  responses: {
    200: {
      description: 'Workflows, most recently changed first',
      schema: z.object({ items: z.array(WorkflowSummary) }),
    },
  },
});

export const createWorkflow = defineRoute({
  method: 'post',
  path: '/v1/workflows',
  tag,
  summary: 'Create a workflow from a graph (saved as its draft)',
  description:
    'Semantic problems are allowed in a draft and returned as `problems`; a document that is not shaped like a graph answers 422.',
  access: 'workflow:write',
  body: CreateWorkflow,
  responses: {
    201: { description: 'Created', schema: WorkflowDetail },
    422: { description: 'The graph is not a graph; `problems` names the field' },
  },
});

export const getWorkflow = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}',
  tag,
  summary: "Get a workflow with its draft and the draft's problems",
  access: 'workflow:read',
  params: WorkflowParams,
  responses: { 200: { description: 'The workflow', schema: WorkflowDetail } },
});

export const renameWorkflow = defineRoute({
  method: 'patch',
  path: '/v1/workflows/{id}',
  tag,
  summary: 'Rename a workflow',
  access: 'workflow:write',
  params: WorkflowParams,
  body: RenameWorkflow,
  responses: { 200: { description: 'Renamed', schema: WorkflowSummary } },
});

export const saveDraft = defineRoute({
  method: 'put',
  path: '/v1/workflows/{id}/draft',
  tag,
  summary: 'Save the draft',
  description:
    'Send `baseRevision` (the draftRevision you loaded). When someone saved in between, edits to different steps, outputs and settings merge (`merged`, with the stored `draft`); edits to the same item answer 409 with `conflicts` (DraftConflict: both versions and who saved theirs) until `keep` settles each.',
  access: 'workflow:write',
  params: WorkflowParams,
  body: SaveDraft,
  responses: {
    200: { description: 'Saved', schema: SavedDraft },
    409: {
      description:
        'Both this edit and a save since baseRevision changed the same items: the problem carries currentRevision and conflicts (DraftConflict[]), or conflicts [] when baseRevision is too old to merge from',
    },
    422: { description: 'The graph is not a graph; `problems` names the field' },
  },
});

export const validateWorkflow = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/validate',
  tag,
  summary: 'Validate the draft, or the graph in the body',
  access: 'workflow:read',
  params: WorkflowParams,
  body: ValidateGraph,
  responses: { 200: { description: 'Problems found', schema: Validation } },
});

export const workflowRoutes = [
  listWorkflows,
  createWorkflow,
  getWorkflow,
  renameWorkflow,
  saveDraft,
  validateWorkflow,
] as const;
