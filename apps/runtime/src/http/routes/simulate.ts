import { simulateWorkflow } from '@crossroads/api';
import { Hono } from 'hono';
import { simulateWorkflow as simulate } from '../../authoring/simulate.js';
import type { AppEnv } from '../context.js';
import { badRequest, notFound, unprocessable } from '../problem.js';
import { serve } from '../serve.js';

/** `POST /v1/workflows/:id/simulate`: the same executors on a virtual clock, no side effects. */
export function simulateRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(routes, simulateWorkflow, async (c, { params, body }) => {
    const { sql, registry } = c.var.deps;
    const outcome = await simulate(sql, registry, c.var.auth.workspaceId, params.id, body);
    if (outcome.ok) return c.json(outcome.result, 200);
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
