import { z } from 'zod';
import { Instant, pathUuid, SafeJson, SafeString, Uuid } from './primitives.js';
import { defineRoute } from './route.js';

/** Same rules as a node's segment field: graphs refer to segments by this name. */
export const SegmentName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : - (e.g. hot-leads)');

/** A JSONLogic rule; the runtime checks it and answers 422 naming the place in it. */
export const SegmentRule = SafeJson.refine(
  (value) => value !== undefined && value !== null,
  'rule is required: a JSONLogic rule such as {"==": [1, 1]}',
).meta({ description: 'JSONLogic over contact, event, journey, engagement and now' });

export const Segment = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  rule: z.unknown(),
  revision: z
    .number()
    .int()
    .describe('Every change of rule (or name) is a new, immutable revision; versions pin the one they used'),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Segment = z.infer<typeof Segment>;

export const SegmentRevision = z.object({
  revision: z.number().int(),
  name: z.string(),
  rule: z.unknown(),
  hash: z.string().describe("SHA-256 of the rule's JSON"),
  createdAt: Instant,
  pinnedBy: z
    .array(z.object({ workflowId: Uuid, workflowName: z.string(), version: z.number().int() }))
    .describe('The published versions that run with this revision'),
});
export type SegmentRevision = z.infer<typeof SegmentRevision>;

export const CreateSegment = z.object({
  name: SegmentName,
  description: SafeString.max(2000).optional(),
  rule: SegmentRule,
});
export const UpdateSegment = z.object({
  name: SegmentName.optional(),
  description: SafeString.max(2000).optional(),
  rule: SegmentRule.optional(),
});

/** A workflow version (or draft) whose nodes name a segment. */
export const SegmentUser = z.object({
  workflowId: Uuid,
  workflowName: z.string(),
  version: z.union([z.number().int(), z.literal('draft')]),
  nodeIds: z.array(z.string()),
});
export type SegmentUser = z.infer<typeof SegmentUser>;

const SegmentParams = z.object({ id: pathUuid('Segment') });
const tag = 'Segments';

export const listSegments = defineRoute({
  method: 'get',
  path: '/v1/segments',
  tag,
  summary: 'List segments',
  access: 'segment:read',
  responses: {
    200: { description: 'Segments by name', schema: z.object({ items: z.array(Segment) }) },
  },
});

export const createSegment = defineRoute({
  method: 'post',
  path: '/v1/segments',
  tag,
  summary: 'Create a segment',
  access: 'segment:write',
  body: CreateSegment,
  responses: {
    201: { description: 'Created', schema: Segment },
    409: { description: 'The name is taken' },
    422: { description: 'The rule is not valid JSONLogic' },
  },
});

export const getSegment = defineRoute({
  method: 'get',
  path: '/v1/segments/{id}',
  tag,
  summary: 'Get a segment',
  access: 'segment:read',
  params: SegmentParams,
  responses: { 200: { description: 'The segment', schema: Segment } },
});

export const updateSegment = defineRoute({
  method: 'patch',
  path: '/v1/segments/{id}',
  tag,
  summary: 'Change a segment (renaming one in use is refused)',
  access: 'segment:write',
  params: SegmentParams,
  body: UpdateSegment,
  responses: {
    200: { description: 'Changed', schema: Segment },
    409: { description: 'In use or name taken' },
    422: { description: 'The rule is not valid JSONLogic' },
  },
});

export const deleteSegment = defineRoute({
  method: 'delete',
  path: '/v1/segments/{id}',
  tag,
  summary: 'Delete a segment no workflow uses',
  access: 'segment:write',
  params: SegmentParams,
  responses: {
    200: { description: 'Deleted', schema: Segment },
    409: { description: 'In use: `usedBy` lists where' },
  },
});

export const segmentUsage = defineRoute({
  method: 'get',
  path: '/v1/segments/{id}/usage',
  tag,
  summary: 'Every workflow version and draft that uses the segment',
  access: 'segment:read',
  params: SegmentParams,
  responses: { 200: { description: 'Users', schema: z.object({ items: z.array(SegmentUser) }) } },
});

export const segmentRevisions = defineRoute({
  method: 'get',
  path: '/v1/segments/{id}/revisions',
  tag,
  summary: 'Every revision of the segment, newest first, with the versions that pin each',
  access: 'segment:read',
  params: SegmentParams,
  responses: {
    200: { description: 'Revisions', schema: z.object({ items: z.array(SegmentRevision) }) },
  },
});

export const segmentRoutes = [
  listSegments,
  createSegment,
  getSegment,
  updateSegment,
  deleteSegment,
  segmentUsage,
  segmentRevisions,
] as const;
