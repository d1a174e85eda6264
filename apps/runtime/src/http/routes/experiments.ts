import { declareWinner, getExperiments, getRollout, setControlGroup, setRollout } from '@crossroads/api';
import { Hono } from 'hono';
import * as winners from '../../authoring/declareWinner.js';
import * as rollout from '../../authoring/rollout.js';
import { rolloutReport } from '../../operate/experiments/rolloutReport.js';
import { experimentReport } from '../../operate/experiments/splitReport.js';
import { type AppEnv, actorFrom } from '../context.js';
import { conflict, HttpProblem, notFound, unprocessable } from '../problem.js';
import { serve } from '../serve.js';
import { publishRefusal } from './versions.js';

function settingsOrProblem(result: rollout.RolloutResult) {
  if (result.ok) return result.settings;
  switch (result.reason) {
    case 'not-found':
      throw notFound('Workflow');
    case 'version-not-found':
      throw new HttpProblem(404, 'Not Found', result.detail, [{ path: 'version', message: result.detail }]);
    case 'not-active':
      throw conflict(result.detail);
    case 'invalid':
      throw unprocessable(result.detail, [{ path: 'version', message: result.detail }]);
  }
}

/** Rollout of a newer version to a share of new enrolments, control groups, and their report. */
export function experimentRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, getRollout, async (c, { params }) => {
    const report = await rolloutReport(c.var.deps.sql, c.var.auth.workspaceId, params.id);
    if (!report) throw notFound('Workflow');
    return c.json(report, 200);
  });

  serve(routes, setRollout, async (c, { params, body }) =>
    c.json(settingsOrProblem(await rollout.setRollout(c.var.deps.sql, actorFrom(c), params.id, body)), 200),
  );

  serve(routes, setControlGroup, async (c, { params, body }) =>
    c.json(
      settingsOrProblem(await rollout.setControlGroup(c.var.deps.sql, actorFrom(c), params.id, body)),
      200,
    ),
  );

  serve(routes, getExperiments, async (c, { params, query }) => {
    const report = await experimentReport(c.var.deps.sql, c.var.auth.workspaceId, params.id, query.version);
    if (!report) throw notFound(query.version ? `Version ${query.version} of this workflow` : 'Workflow');
    return c.json(report, 200);
  });

  serve(routes, declareWinner, async (c, { params, body }) => {
    const { sql, registry } = c.var.deps;
    const { keyId, keyName } = c.var.auth;
    const result = await winners.declareWinner(sql, actorFrom(c), { keyId, keyName }, registry, params.id, {
      nodeId: params.nodeId,
      ...body,
    });
    if (result.ok) return c.json(result.version, 201);
    switch (result.reason) {
      case 'no-version':
      case 'draft-unpublished':
        throw conflict(result.detail, [{ path: 'draft', message: result.detail }]);
      case 'not-a-split':
        throw unprocessable(result.detail, [{ path: result.path, message: result.detail }]);
      default:
        throw publishRefusal(result);
    }
  });

  return routes;
}
