import { recordHandoffOutcome, salesOutcomes } from '@crossroads/api';
import { Hono } from 'hono';
import { getWorkflow } from '../../authoring/workflows.js';
import { recordHandoffOutcome as record } from '../../operate/handoffOutcomes.js';
import { salesOutcomes as report } from '../../operate/salesOutcomes.js';
import type { AppEnv } from '../context.js';
import { notFound } from '../problem.js';
import { serve } from '../serve.js';

/** Sales feedback from the CRM (`POST /v1/handoffs/:id/outcome`) and what it adds up to per journey. */
export function outcomeRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(routes, recordHandoffOutcome, async (c, { params, body }) => {
    const { sql, registry } = c.var.deps;
    const result = await record(sql, registry, c.var.auth.workspaceId, params.id, body);
    if (!result.ok) throw notFound('Handoff');
    const answer = {
      handoffId: params.id,
      outcome: body.outcome,
      event: result.event,
      duplicate: result.duplicate,
    };
    return c.json(answer, result.duplicate ? 200 : 201);
  });
  serve(routes, salesOutcomes, async (c, { params }) => {
    const { sql } = c.var.deps;
    if (!(await getWorkflow(sql, c.var.auth.workspaceId, params.id))) throw notFound('Workflow');
    return c.json(await report(sql, c.var.auth.workspaceId, params.id), 200);
  });
  return routes;
}
