import { formatPath, validateLogic } from '@crossroads/graph-schema';
import { LOGIC_ROOTS } from '@crossroads/nodes';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  type SegmentUser,
  type SegmentWriteResult,
  segmentUsage,
  updateSegment,
} from '../../authoring/segments.js';
import { requirePermission } from '../auth.js';
import { type AppEnv, actorFrom } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { uuidParam } from '../params.js';
import { conflict, HttpProblem, notFound, readBody, unprocessable } from '../problem.js';

// Same rules as a node's segment field: graphs refer to segments by this name.
const SegmentName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : - (e.g. hot-leads)');
const Rule = z
  .unknown()
  .refine(
    (value) => value !== undefined && value !== null,
    'rule is required: a JSONLogic rule such as {"==": [1, 1]}',
  )
  .meta({ description: 'JSONLogic over contact, event, journey, engagement and now' });
const CreateSegment = z.object({
  name: SegmentName,
  description: z.string().max(2000).optional(),
  rule: Rule,
});
const UpdateSegment = z.object({
  name: SegmentName.optional(),
  description: z.string().max(2000).optional(),
  rule: Rule.optional(),
});

/** 422 naming the place in the rule, e.g. `rule.and[1].>[0]`. */
function checkRule(rule: unknown): void {
  const problems = validateLogic(rule, { roots: LOGIC_ROOTS });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return;
  const listed = errors.map((p) => ({
    code: p.code,
    severity: p.severity,
    path: formatPath(['rule', ...p.path]),
    message: p.message,
  }));
  throw unprocessable(`${listed[0]!.path}: ${listed[0]!.message}`, listed);
}

function usedBy(users: SegmentUser[]): string {
  return users
    .map((u) => `'${u.workflowName}' ${u.version === 'draft' ? 'draft' : `v${u.version}`}`)
    .join(', ');
}

function segmentOrThrow(result: SegmentWriteResult) {
  if (result.ok) return result.segment;
  switch (result.reason) {
    case 'not-found':
      throw notFound('Segment');
    case 'name-taken':
      throw conflict(`A segment named '${result.name}' already exists`, [
        { path: 'name', message: 'already taken' },
      ]);
    case 'in-use':
      throw new HttpProblem(
        409,
        'Conflict',
        `The segment is used by ${usedBy(result.users)}: change those workflows first`,
        undefined,
        undefined,
        { usedBy: result.users },
      );
  }
}

/** Named segments: the shared dictionary of rules that gates and triggers refer to by name. */
export function segmentRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/segments', requirePermission('segment:read'), async (c) => {
    return c.json({ items: await listSegments(c.var.deps.sql, c.var.auth.workspaceId) });
  });

  routes.post('/segments', requirePermission('segment:write'), async (c) => {
    const body = await readBody(c, CreateSegment);
    checkRule(body.rule);
    return c.json(segmentOrThrow(await createSegment(c.var.deps.sql, actorFrom(c), body)), 201);
  });

  routes.get('/segments/:id', requirePermission('segment:read'), async (c) => {
    const segment = await getSegment(c.var.deps.sql, c.var.auth.workspaceId, uuidParam(c, 'id', 'Segment'));
    if (!segment) throw notFound('Segment');
    return c.json(segment);
  });

  routes.patch('/segments/:id', requirePermission('segment:write'), async (c) => {
    const id = uuidParam(c, 'id', 'Segment');
    const body = await readBody(c, UpdateSegment);
    if (body.rule !== undefined) checkRule(body.rule);
    return c.json(
      segmentOrThrow(await updateSegment(c.var.deps.sql, c.var.deps.registry, actorFrom(c), id, body)),
    );
  });

  routes.delete('/segments/:id', requirePermission('segment:write'), async (c) => {
    const id = uuidParam(c, 'id', 'Segment');
    return c.json(segmentOrThrow(await deleteSegment(c.var.deps.sql, c.var.deps.registry, actorFrom(c), id)));
  });

  routes.get('/segments/:id/usage', requirePermission('segment:read'), async (c) => {
    const { sql } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    const segment = await getSegment(sql, workspaceId, uuidParam(c, 'id', 'Segment'));
    if (!segment) throw notFound('Segment');
    return c.json({ items: await segmentUsage(sql, c.var.deps.registry, workspaceId, segment.name) });
  });

  return routes;
}

const SegmentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  rule: Rule,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
const Usage = z.object({
  items: z.array(
    z.object({
      workflowId: z.uuid(),
      workflowName: z.string(),
      version: z.union([z.number().int(), z.literal('draft')]),
      nodeIds: z.array(z.string()),
    }),
  ),
});

const tag = { tag: 'Segments' } as const;
export const segmentDocs: RouteDoc[] = [
  {
    ...tag,
    method: 'get',
    path: '/v1/segments',
    summary: 'List segments',
    access: 'segment:read',
    responses: {
      200: { description: 'Segments by name', schema: z.object({ items: z.array(SegmentSchema) }) },
    },
  },
  {
    ...tag,
    method: 'post',
    path: '/v1/segments',
    summary: 'Create a segment',
    access: 'segment:write',
    body: CreateSegment,
    responses: {
      201: { description: 'Created', schema: SegmentSchema },
      409: { description: 'The name is taken' },
      422: { description: 'The rule is not valid JSONLogic' },
    },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/segments/:id',
    summary: 'Get a segment',
    access: 'segment:read',
    responses: { 200: { description: 'The segment', schema: SegmentSchema } },
  },
  {
    ...tag,
    method: 'patch',
    path: '/v1/segments/:id',
    summary: 'Change a segment (renaming one in use is refused)',
    access: 'segment:write',
    body: UpdateSegment,
    responses: {
      200: { description: 'Changed', schema: SegmentSchema },
      409: { description: 'In use or name taken' },
    },
  },
  {
    ...tag,
    method: 'delete',
    path: '/v1/segments/:id',
    summary: 'Delete a segment no workflow uses',
    access: 'segment:write',
    responses: {
      200: { description: 'Deleted', schema: SegmentSchema },
      409: { description: 'In use: `usedBy` lists where' },
    },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/segments/:id/usage',
    summary: 'Every workflow version and draft that uses the segment',
    access: 'segment:read',
    responses: { 200: { description: 'Users', schema: Usage } },
  },
];
