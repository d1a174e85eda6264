import { getJourneyGuardrails, setJourneyGuardrails } from '@crossroads/api';
import { Hono } from 'hono';
import * as guardrails from '../../authoring/journeyGuardrails.js';
import type { Queryable } from '../../db/connect.js';
import { guardrailFigures } from '../../operate/experiments/guardrailFigures.js';
import { type AppEnv, actorFrom } from '../context.js';
import { notFound } from '../problem.js';
import { serve } from '../serve.js';

async function report(sql: Queryable, workspaceId: string, workflowId: string) {
  const [workflow] = await sql<
    { activeVersion: number | null; rolloutVersion: number | null; rolloutPercent: string }[]
  >`
    select active_version, rollout_version, rollout_percent from workflows
    where workspace_id = ${workspaceId} and id = ${workflowId}`;
  if (!workflow) throw notFound('Workflow');
  const settings = await guardrails.guardrailSettings(sql, workspaceId, workflowId);
  const sides: Array<[number, 'live' | 'rollout']> = [];
  if (workflow.activeVersion !== null) sides.push([workflow.activeVersion, 'live']);
  if (workflow.rolloutVersion !== null && Number(workflow.rolloutPercent) > 0)
    sides.push([workflow.rolloutVersion, 'rollout']);
  const figures = await guardrailFigures(
    sql,
    workspaceId,
    workflowId,
    sides.map(([v]) => v),
  );
  const trips = await guardrails.guardrailTrips(sql, workspaceId, workflowId);
  return {
    settings,
    versions: figures.map((f) => ({
      ...f,
      side: sides.find(([v]) => v === f.version)?.[1] ?? ('live' as const),
      crossed: settings ? (guardrails.crossingOf(f, settings)?.metric ?? null) : null,
    })),
    trips: trips.map((t) => ({ ...t, at: t.at.toISOString(), summary: guardrails.crossingSentence(t) })),
  };
}

/** A journey's guardrails: thresholds, each live version's figures, and the trips. */
export function journeyGuardrailRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  serve(routes, getJourneyGuardrails, async (c, { params }) =>
    c.json(await report(c.var.deps.sql, c.var.auth.workspaceId, params.id), 200),
  );
  serve(routes, setJourneyGuardrails, async (c, { params, body }) => {
    const { sql } = c.var.deps;
    if (!(await guardrails.setGuardrails(sql, actorFrom(c), params.id, body))) throw notFound('Workflow');
    return c.json(await report(sql, c.var.auth.workspaceId, params.id), 200);
  });
  return routes;
}
