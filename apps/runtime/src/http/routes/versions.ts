import { Hono } from 'hono';
import { z } from 'zod';
import { activateVersion, type LifecycleResult, pauseWorkflow } from '../../authoring/lifecycle.js';
import {
  type DiffSide,
  diffVersions,
  getVersion,
  listVersions,
  publishVersion,
} from '../../authoring/versions.js';
import { requirePermission } from '../auth.js';
import { type AppEnv, actorFrom } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { intParam, uuidParam } from '../params.js';
import {
  badRequest,
  conflict,
  HttpProblem,
  notFound,
  readBody,
  readQuery,
  unprocessable,
} from '../problem.js';
import { GraphDocument, Problems } from './schemas.js';

const Publish = z.object({
  message: z.string().trim().min(1, 'describe what changed').max(2000).describe('What changed and why'),
});
const Activate = z.object({
  version: z.number().int().positive().max(2_147_483_647),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .describe('Required when activating a version older than the active one (a rollback)'),
});
const Pause = z.object({ reason: z.string().trim().min(1).max(2000).optional() });
const DiffSideParam = z
  .string()
  .regex(/^(draft|[1-9]\d{0,8})$/, "must be a version number or 'draft'")
  .transform((value): DiffSide => (value === 'draft' ? 'draft' : Number(value)));
const DiffQuery = z.object({ from: DiffSideParam, to: DiffSideParam });

const notFoundWorkflow = () => notFound('Workflow');

function lifecycleResponse(result: LifecycleResult) {
  if (result.ok) return result.workflow;
  switch (result.reason) {
    case 'not-found':
      throw notFoundWorkflow();
    case 'version-not-found':
      throw new HttpProblem(404, 'Not Found', result.detail, [{ path: 'version', message: result.detail }]);
    case 'reason-required':
      throw badRequest(result.detail, [{ path: 'reason', message: 'required for a rollback' }]);
    case 'not-active':
      throw conflict(result.detail);
  }
}

/** Publishing immutable versions, reading and diffing them, activating (and rolling back) and pausing. */
export function versionRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post('/workflows/:id/versions', requirePermission('workflow:publish'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const { message } = await readBody(c, Publish);
    const result = await publishVersion(c.var.deps.sql, actorFrom(c), c.var.deps.registry, id, message);
    if (result.ok) return c.json(result.version, 201);
    if (result.reason === 'not-found') throw notFoundWorkflow();
    const errors = result.problems.filter((p) => p.severity === 'error');
    const first = errors[0];
    throw unprocessable(
      `The draft has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before publishing` +
        (first ? ` (first: ${first.path}: ${first.message})` : ''),
      result.problems,
    );
  });

  routes.get('/workflows/:id/versions', requirePermission('workflow:read'), async (c) => {
    const items = await listVersions(c.var.deps.sql, c.var.auth.workspaceId, uuidParam(c, 'id', 'Workflow'));
    if (!items) throw notFoundWorkflow();
    return c.json({ items });
  });

  routes.get('/workflows/:id/versions/:version', requirePermission('workflow:read'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const number = intParam(c, 'version');
    const version = await getVersion(c.var.deps.sql, c.var.auth.workspaceId, id, number);
    if (!version) throw notFound(`Version ${number} of this workflow`);
    return c.json(version);
  });

  routes.get('/workflows/:id/diff', requirePermission('workflow:read'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const { from, to } = readQuery(c, DiffQuery);
    const { sql, registry } = c.var.deps;
    const result = await diffVersions(sql, c.var.auth.workspaceId, registry, id, from, to);
    if (result.ok) return c.json({ from, to, ...result.diff });
    if (result.missing === 'workflow') throw notFoundWorkflow();
    if (result.problems) throw unprocessable(result.detail, result.problems);
    throw new HttpProblem(404, 'Not Found', result.detail, [
      { path: result.missing, message: result.detail },
    ]);
  });

  routes.post('/workflows/:id/activate', requirePermission('workflow:publish'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const body = await readBody(c, Activate);
    return c.json(lifecycleResponse(await activateVersion(c.var.deps.sql, actorFrom(c), id, body)));
  });

  routes.post('/workflows/:id/pause', requirePermission('workflow:publish'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const body = await readBody(c, Pause);
    return c.json(lifecycleResponse(await pauseWorkflow(c.var.deps.sql, actorFrom(c), id, body)));
  });

  return routes;
}

const VersionSummary = z.object({
  version: z.number().int(),
  hash: z.string().describe('SHA-256 of the canonical graph JSON'),
  message: z.string(),
  publishedBy: z.string(),
  publishedAt: z.iso.datetime(),
  active: z.boolean(),
  contacts: z
    .number()
    .int()
    .describe('Enrollments pinned to this version (a contact that re-entered counts once per entry)'),
});
const WorkflowState = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(['draft', 'active', 'paused']),
  activeVersion: z.number().int().nullable(),
  latestVersion: z.number().int().nullable(),
});

const tag = { tag: 'Versions' } as const;
export const versionDocs: RouteDoc[] = [
  {
    ...tag,
    method: 'post',
    path: '/v1/workflows/:id/versions',
    summary: 'Publish the draft as the next immutable version',
    access: 'workflow:publish',
    body: Publish,
    responses: {
      201: { description: 'Published', schema: VersionSummary },
      422: { description: 'The draft has errors; `problems` lists them' },
    },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/workflows/:id/versions',
    summary: 'List versions, newest first',
    access: 'workflow:read',
    responses: { 200: { description: 'Versions', schema: z.object({ items: z.array(VersionSummary) }) } },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/workflows/:id/versions/:version',
    summary: 'Get one version with its graph',
    access: 'workflow:read',
    responses: {
      200: { description: 'The version', schema: VersionSummary.extend({ graph: GraphDocument }) },
    },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/workflows/:id/diff',
    summary: 'Semantic diff between two versions, or a version and the draft (to=draft)',
    access: 'workflow:read',
    query: DiffQuery,
    responses: {
      200: { description: 'Changes with one-line summaries' },
      422: { description: 'The draft is not a graph', schema: Problems },
    },
  },
  {
    ...tag,
    method: 'post',
    path: '/v1/workflows/:id/activate',
    summary: 'Activate a version (also rolls back; a rollback needs a reason)',
    access: 'workflow:publish',
    body: Activate,
    responses: { 200: { description: 'The workflow, now active', schema: WorkflowState } },
  },
  {
    ...tag,
    method: 'post',
    path: '/v1/workflows/:id/pause',
    summary: 'Pause an active workflow',
    access: 'workflow:publish',
    body: Pause,
    responses: {
      200: { description: 'The workflow, now paused', schema: WorkflowState },
      409: { description: 'Never activated' },
    },
  },
];
