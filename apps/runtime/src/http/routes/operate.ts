import { Hono } from 'hono';
import { z } from 'zod';
import {
  createTestCase,
  deleteTestCase,
  listTestCases,
  recordTestOverride,
  runTestCases,
  TestCaseInput,
} from '../../authoring/testCases.js';
import { workflowInsights } from '../../operate/insights.js';
import { requirePermission } from '../auth.js';
import { type AppEnv, actorFrom } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { uuidParam } from '../params.js';
import { notFound, readBody, readQuery } from '../problem.js';

const InsightsQuery = z.object({
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(48),
});
const RunBody = z.strictObject({ version: z.number().int().min(1).optional() });
const OverrideBody = z.strictObject({
  reason: z.string().trim().min(1, 'say why publishing despite failing tests is fine').max(2000),
  failed: z.array(z.string().max(200)).max(200),
});

const workflowNotFound = () => notFound('Workflow');

/** What the editor's operate views need beyond the engine's routes: insights and saved test cases. */
export function operateRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/workflows/:id/insights', requirePermission('workflow:read'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const { hours } = readQuery(c, InsightsQuery);
    const insights = await workflowInsights(c.var.deps.sql, c.var.auth.workspaceId, id, { hours });
    if (!insights) throw workflowNotFound();
    return c.json(insights);
  });

  routes.get('/workflows/:id/test-cases', requirePermission('workflow:read'), async (c) => {
    const items = await listTestCases(c.var.deps.sql, c.var.auth.workspaceId, uuidParam(c, 'id', 'Workflow'));
    if (!items) throw workflowNotFound();
    return c.json({ items });
  });

  routes.post('/workflows/:id/test-cases', requirePermission('workflow:write'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const body = await readBody(c, TestCaseInput);
    const created = await createTestCase(c.var.deps.sql, actorFrom(c), id, body);
    if (!created) throw workflowNotFound();
    return c.json(created, 201);
  });

  routes.delete('/workflows/:id/test-cases/:caseId', requirePermission('workflow:write'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const caseId = uuidParam(c, 'caseId', 'Test case');
    if (!(await deleteTestCase(c.var.deps.sql, c.var.auth.workspaceId, id, caseId)))
      throw notFound('Test case');
    return c.json({ deleted: true });
  });

  routes.post('/workflows/:id/test-cases/run', requirePermission('workflow:read'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const { version } = await readBody(c, RunBody);
    const { sql, registry } = c.var.deps;
    const results = await runTestCases(sql, registry, c.var.auth.workspaceId, id, version);
    if (!results) throw workflowNotFound();
    return c.json({ passed: results.every((r) => r.passed), results });
  });

  routes.post('/workflows/:id/test-cases/override', requirePermission('workflow:publish'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const body = await readBody(c, OverrideBody);
    if (!(await recordTestOverride(c.var.deps.sql, actorFrom(c), id, body))) throw workflowNotFound();
    return c.json({ recorded: true }, 201);
  });

  return routes;
}

const tag = { tag: 'Operate' } as const;
export const operateDocs: RouteDoc[] = [
  {
    ...tag,
    method: 'get',
    path: '/v1/workflows/:id/insights',
    summary: 'Contacts per version, enrolments per hour and per-node opens/clicks/replies',
    access: 'workflow:read',
    query: InsightsQuery,
    responses: { 200: { description: 'Insights' } },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/workflows/:id/test-cases',
    summary: 'Saved simulation test cases of a workflow',
    access: 'workflow:read',
    responses: { 200: { description: 'Test cases, oldest first' } },
  },
  {
    ...tag,
    method: 'post',
    path: '/v1/workflows/:id/test-cases',
    summary: 'Save a test case: contact, events and the node the journey should end on',
    access: 'workflow:write',
    body: TestCaseInput,
    responses: { 201: { description: 'Saved' } },
  },
  {
    ...tag,
    method: 'delete',
    path: '/v1/workflows/:id/test-cases/:caseId',
    summary: 'Delete a test case',
    access: 'workflow:write',
    responses: { 200: { description: 'Deleted' } },
  },
  {
    ...tag,
    method: 'post',
    path: '/v1/workflows/:id/test-cases/run',
    summary: 'Simulate every test case against the draft (or a version) and compare end nodes',
    access: 'workflow:read',
    body: RunBody,
    responses: { 200: { description: '`passed` and one result per case' } },
  },
  {
    ...tag,
    method: 'post',
    path: '/v1/workflows/:id/test-cases/override',
    summary: 'Record (in the audit log) why a version is published although test cases fail',
    access: 'workflow:publish',
    body: OverrideBody,
    responses: { 201: { description: 'Recorded' } },
  },
];
