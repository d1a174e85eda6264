import { retryEnrollment } from '@crossroads/api';
import { Hono } from 'hono';
import { actorOf } from '../../access/audit.js';
import { retryStep } from '../../operate/retryStep.js';
import type { AppEnv } from '../context.js';
import { conflict, notFound } from '../problem.js';
import { serve } from '../serve.js';

/** An operator's hand on a contact's journey: retry its failed, ambiguous or retrying step. */
export function enrollmentRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(routes, retryEnrollment, async (c, { params }) => {
    const { sql, registry } = c.var.deps;
    const outcome = await retryStep(sql, registry, c.var.auth.workspaceId, params.id, actorOf(c.var.auth));
    if (!outcome.ok && outcome.reason === 'missing') throw notFound('Enrollment');
    if (!outcome.ok && outcome.reason === 're-entered')
      throw conflict('The contact entered this journey again since; that journey goes on instead');
    if (!outcome.ok)
      throw conflict(
        `Nothing to retry: the journey is ${outcome.state} (only a failed step, an ambiguous or failed delivery, or a retrying step can be retried)`,
      );
    const { kind, nodeId, state } = outcome;
    return c.json({ enrollmentId: params.id, kind, nodeId, state }, 202);
  });
  return routes;
}
