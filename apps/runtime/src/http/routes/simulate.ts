import { Hono } from 'hono';
import { z } from 'zod';
import { simulateWorkflow } from '../../authoring/simulate.js';
import { requirePermission } from '../auth.js';
import type { AppEnv } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { uuidParam } from '../params.js';
import { badRequest, notFound, readBody, unprocessable } from '../problem.js';

const SimulateBody = z.strictObject({
  graph: z.unknown().optional().describe('A graph to simulate instead of the draft'),
  version: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('A published version to simulate instead of the draft'),
  contact: z.record(z.string(), z.unknown()).describe('Contact attributes (and optionally its id)'),
  events: z
    .array(
      z.strictObject({
        after: z
          .union([z.string().max(64), z.number().min(0)])
          .describe('ISO-8601 duration or ms after start'),
        type: z.string().min(1).max(200),
        properties: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .max(1000),
  start: z.iso.datetime({ offset: true }).optional().describe('Virtual start instant; defaults to now'),
});

/** `POST /v1/workflows/:id/simulate`: the same executors on a virtual clock, no side effects. */
export function simulateRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post('/workflows/:id/simulate', requirePermission('workflow:read'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const body = await readBody(c, SimulateBody);
    const { sql, registry } = c.var.deps;
    const outcome = await simulateWorkflow(sql, registry, c.var.auth.workspaceId, id, body);
    if (outcome.ok) return c.json(outcome.result);
    switch (outcome.reason) {
      case 'not-found':
        throw notFound('Workflow');
      case 'version-not-found':
        throw notFound(`Version ${body.version}`);
      case 'invalid-graph':
        throw unprocessable(`${outcome.path}: ${outcome.message}`, [
          {
            path: outcome.path,
            message: outcome.message,
            ...('nodeId' in outcome && { nodeId: outcome.nodeId }),
          },
        ]);
      case 'invalid-input':
        throw badRequest(outcome.message, [{ path: outcome.path, message: outcome.message }]);
    }
  });
  return routes;
}

export const simulateDocs: RouteDoc[] = [
  {
    tag: 'Execution',
    method: 'post',
    path: '/v1/workflows/:id/simulate',
    summary: 'Simulate a journey for one contact on a virtual clock',
    description:
      'Runs the draft (or `version`, or the given `graph`) with the same executors as the runtime and no side ' +
      'effects. Returns the path, each decision with its reason, waits with their resume times and the effects ' +
      'that would have happened.',
    access: 'workflow:read',
    body: SimulateBody,
    responses: { 200: { description: 'The simulation' }, 422: { description: 'The graph cannot run' } },
  },
];
