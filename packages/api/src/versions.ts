import { CHANGE_KINDS } from '@crossroads/graph-schema';
import { z } from 'zod';
import { GraphBody } from './graphs.js';
import { Instant, SafeString } from './primitives.js';
import { defineRoute } from './route.js';
import { WorkflowParams, WorkflowSummary } from './workflows.js';

/** A segment revision a version runs with. */
export const PinnedSegment = z.object({
  name: z.string(),
  revision: z.number().int().describe('The revision this version pinned at publish'),
  latestRevision: z
    .number()
    .int()
    .describe("The segment's newest revision now (above `revision`: publish again to pick it up)"),
});
export type PinnedSegment = z.infer<typeof PinnedSegment>;

/** One step of a version's life as the live version, from the audit log. */
export const ActivationEvent = z.object({
  kind: z.enum(['activated', 'rolled-back', 'resumed', 'paused', 'replaced']),
  at: Instant,
  by: z.string().describe("Who, with the role they had: 'Ana (publisher)'"),
  reason: z.string().nullable(),
  otherVersion: z
    .number()
    .int()
    .nullable()
    .describe("'replaced': the version activated instead; 'activated'/'rolled-back': the one it replaced"),
  seq: z.number().int().describe('The audit entry'),
});
export type ActivationEvent = z.infer<typeof ActivationEvent>;

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
  segments: z.array(PinnedSegment).describe('The segment revisions this version runs with'),
  history: z
    .array(ActivationEvent)
    .describe('Who activated, paused, rolled back or replaced it, when and why, oldest first'),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

export const VersionDetail = VersionSummary.extend({ graph: GraphBody });
export type VersionDetail = z.infer<typeof VersionDetail>;

const Reason = SafeString.trim().min(1).max(2000);

export const PublishVersion = z.object({
  message: SafeString.trim().min(1, 'describe what changed').max(2000).describe('What changed and why'),
  activate: z.boolean().optional().describe('Make it the live version in the same step (audited apart)'),
  enrolExisting: z
    .boolean()
    .optional()
    .describe(
      'With activate: also enrol the contacts already in the segment the trigger starts on (see GET …/draft/already-in-segment); audited with their count',
    ),
  override: z
    .object({ reason: Reason.describe('Why publishing over failing test cases is fine (audited)') })
    .optional()
    .describe('Publish although saved test cases fail'),
});
export const ActivateVersion = z.object({
  version: z.number().int().positive().max(2_147_483_647),
  reason: Reason.optional().describe(
    'Required when activating a version older than the active one (a rollback)',
  ),
  enrolExisting: z
    .boolean()
    .optional()
    .describe(
      'Also enrol the contacts already in the segment the trigger starts on (see GET …/versions/{version}/already-in-segment); audited with their count, enrolled in the background',
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

const SegmentSide = z.object({ revision: z.number().int(), rule: z.unknown() }).nullable();
export const SegmentChange = z.object({
  name: z.string(),
  from: SegmentSide,
  to: SegmentSide,
  summary: z.string(),
});
export type SegmentChange = z.infer<typeof SegmentChange>;

export const VersionDiff = z.object({
  from: z.union([z.number().int(), z.literal('draft')]),
  to: z.union([z.number().int(), z.literal('draft')]),
  changes: z.array(GraphChange),
  segments: z
    .array(SegmentChange)
    .describe(
      'Segment rules that differ between the two sides (a version runs with the revisions it pinned)',
    ),
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
    201: { description: 'Published (and live, with `activate`)', schema: VersionSummary },
    409: {
      description:
        'Same content as the latest version (`version` names it), or the draft was saved again while it was checked',
    },
    422: {
      description:
        'The draft has errors (`problems`), or saved test cases fail (`failedTests`; pass `override` with a reason to publish anyway)',
    },
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

export const VersionContact = z.object({
  enrollmentId: z.string(),
  contactId: z.string(),
  state: z.string(),
  startedAt: Instant,
  endedAt: Instant.nullable(),
});
export const VersionContactsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional().describe('Default 50'),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'pass the nextCursor of the previous page')
    .optional(),
});

export const versionContacts = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/versions/{version}/contacts',
  tag,
  summary: 'The contacts that entered this version, newest first',
  access: 'workflow:read',
  params: VersionParams,
  query: VersionContactsQuery,
  responses: {
    200: {
      description: 'One page',
      schema: z.object({ items: z.array(VersionContact), nextCursor: z.string().nullable() }),
    },
  },
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

/** Who "also enrol the contacts already in the segment" would enrol, counted before activating. */
export const AlreadyInSegment = z.object({
  segments: z.array(z.string()).describe('Segments this version starts on (empty: it starts on no segment)'),
  contacts: z.number().int().describe('Contacts in one of them now, under the rules this version pinned'),
});
export type AlreadyInSegment = z.infer<typeof AlreadyInSegment>;

export const alreadyInSegment = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/versions/{version}/already-in-segment',
  tag,
  summary: 'How many contacts are already in the segment this version starts on (shown before activating)',
  access: 'workflow:read',
  params: VersionParams,
  responses: {
    200: { description: 'The count', schema: AlreadyInSegment },
    404: { description: 'Unknown workflow or version' },
  },
});

export const draftAlreadyInSegment = defineRoute({
  method: 'get',
  path: '/v1/workflows/{id}/draft/already-in-segment',
  tag,
  summary:
    "How many contacts are already in the segment the draft starts on (shown before 'Publish and go live')",
  access: 'workflow:read',
  params: WorkflowParams,
  responses: {
    200: { description: 'The count', schema: AlreadyInSegment },
    404: { description: 'Unknown workflow' },
  },
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
  versionContacts,
  diffVersions,
  activateVersion,
  alreadyInSegment,
  draftAlreadyInSegment,
  pauseWorkflow,
] as const;
