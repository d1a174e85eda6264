import {
  createTestCase,
  deleteTestCase,
  listTestCases,
  overrideTestCases,
  runTestCases,
  workflowInsights,
} from '@crossroads/api';
import { Hono } from 'hono';
import * as testCases from '../../authoring/testCases.js';
import { workflowInsights as insights } from '../../operate/insights.js';
import { type AppEnv, actorFrom } from '../context.js';
import { notFound } from '../problem.js';
import { serve } from '../serve.js';

const workflowNotFound = () => notFound('Workflow');

/** What the editor's operate views need beyond the engine's routes: insights and saved test cases. */
export function operateRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, workflowInsights, async (c, { params, query }) => {
    const result = await insights(c.var.deps.sql, c.var.auth.workspaceId, params.id, { hours: query.hours });
    if (!result) throw workflowNotFound();
    return c.json(result, 200);
  });

  serve(routes, listTestCases, async (c, { params }) => {
    const items = await testCases.listTestCases(c.var.deps.sql, c.var.auth.workspaceId, params.id);
    if (!items) throw workflowNotFound();
    return c.json({ items }, 200);
  });

  serve(routes, createTestCase, async (c, { params, body }) => {
    const created = await testCases.createTestCase(c.var.deps.sql, actorFrom(c), params.id, body);
    if (!created) throw workflowNotFound();
    return c.json(created, 201);
  });

  serve(routes, deleteTestCase, async (c, { params }) => {
    if (!(await testCases.deleteTestCase(c.var.deps.sql, c.var.auth.workspaceId, params.id, params.caseId)))
      throw notFound('Test case');
    return c.json({ deleted: true as const }, 200);
  });

  serve(routes, runTestCases, async (c, { params, body }) => {
    const { sql, registry } = c.var.deps;
    const results = await testCases.runTestCases(
      sql,
      registry,
      c.var.auth.workspaceId,
      params.id,
      body.version,
    );
    if (!results) throw workflowNotFound();
    return c.json({ passed: results.every((r) => r.passed), results }, 200);
  });

  serve(routes, overrideTestCases, async (c, { params, body }) => {
    if (!(await testCases.recordTestOverride(c.var.deps.sql, actorFrom(c), params.id, body)))
      throw workflowNotFound();
    return c.json({ recorded: true as const }, 201);
  });

  return routes;
}
