import { CHANGE_KINDS } from '@crossroads/graph-schema';
import { z } from 'zod';
import { GraphBody } from './graphs.js';
import { Instant, SafeString } from './primitives.js';
import { defineRoute } from './route.js';
import { WorkflowParams, WorkflowSummary } from './workflows.js';

/** A published version as the versions list shows it (one type for the editor and the operate views). */
export const VersionSummary = z.object({
  version: z.number().int(),
  hash: z.string().describe('SHA-256 of the canonical graph JSON'),
  message: z.string(),
  publishedBy: z.string(),
  publishedAt: Instant,
  active: z.boolean(),
  contacts: z
    .number()
    .int()
    .describe('Enrollments pinned to this version (a contact that re-entered counts once per entry)'),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

export const VersionDetail = VersionSummary.extend({ graph: GraphBody });
export type VersionDetail = z.infer<typeof VersionDetail>;

const Reason = SafeString.trim().min(1).max(2000);

export const PublishVersion = z.object({
  message: SafeString.trim().min(1, 'describe what changed').max(2000).describe('What changed and why'),
});
export const ActivateVersion = z.object({
  version: z.number().int().positive().max(2_147_483_647),
  reason: Reason.optional().describe(
    'Required when activating a version older than the active one (a rollback)',
  ),
});
export const PauseWorkflow = z.object({ reason: Reason.optional() });

/** A side of a diff: a version number or the draft. */
export const DiffSide = z
  .string()
  .regex(/^(draft|[1-9]\d{0,8})$/, "must be a version number or 'draft'")
  .transform((value): number | 'draft' => (value === 'draft' ? 'draft' : Number(value)));
export const DiffQuery = z.object({ from: DiffSide, to: DiffSide });

export const GraphChange = z.object({
  kind: z.enum(CHANGE_KINDS),
  layout: z.boolean(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.string().optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  summary: z.string(),
});
export type GraphChange = z.infer<typeof GraphChange>;

export const VersionDiff = z.object({
  from: z.union([z.number().int(), z.literal('draft')]),
  to: z.union([z.number().int(), z.literal('draft')]),
  changes: z.array(GraphChange),
  counts: z.record(z.enum(CHANGE_KINDS), z.number().int()),
  semantic: z.boolean().describe('True when any change affects behaviour (anything but layout)'),
});
export type VersionDiff = z.infer<typeof VersionDiff>;

const VersionParams = WorkflowParams.extend({
  version: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a positive integer')
    .transform(Number)
    .refine((n) => n >= 1, 'must be a positive integer'),
});

const tag = 'Versions';

export const publishVersion = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/versions',
  tag,
  summary: 'Publish the draft as the next immutable version',
  access: 'workflow:publish',
  params: WorkflowParams,
  body: PublishVersion,
  responses: {
    201: { description: 'Published', schema: VersionSummary },
    422: { description: 'The draft has errors; `problems` lists them' },
  },
});

export const listVersions = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/versions',
  tag,
  summary: 'List versions, newest first',
  access: 'workflow:read',
  params: WorkflowParams,
  responses: { 200: { description: 'Versions', schema: z.object({ items: z.array(VersionSummary) }) } },
});

export const getVersion = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/versions/{version}',
  tag,
  summary: 'Get one version with its graph',
  access: 'workflow:read',
  params: VersionParams,
  responses: { 200: { description: 'The version', schema: VersionDetail } },
});

export const diffVersions = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/diff',
  tag,
  summary: 'Semantic diff between two versions, or a version and the draft (to=draft)',
  access: 'workflow:read',
  params: WorkflowParams,
  query: DiffQuery,
  responses: {
    200: { description: 'Changes with one-line summaries', schema: VersionDiff },
    422: { description: 'The draft is not a graph; `problems` lists why' },
  },
});

export const activateVersion = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/activate',
  tag,
  summary: 'Activate a version (also rolls back; a rollback needs a reason)',
  access: 'workflow:publish',
  params: WorkflowParams,
  body: ActivateVersion,
  responses: { 200: { description: 'The workflow, now active', schema: WorkflowSummary } },
});

export const pauseWorkflow = defineRoute({
  method: 'post',
  path: '/v1/workflows/{id}/pause',
  tag,
  summary: 'Pause an active workflow',
  access: 'workflow:publish',
  params: WorkflowParams,
  body: PauseWorkflow,
  responses: {
    200: { description: 'The workflow, now paused', schema: WorkflowSummary },
    409: { description: 'Never activated' },
  },
});

export const versionRoutes = [
  publishVersion,
  listVersions,
  getVersion,
  diffVersions,
  activateVersion,
  pauseWorkflow,
] as const;
