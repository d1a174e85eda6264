import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  segmentRevisions,
  segmentUsage,
  updateSegment,
} from '@crossroads/api';
import { formatPath, validateLogic } from '@crossroads/graph-schema';
import { LOGIC_ROOTS } from '@crossroads/nodes';
import { Hono } from 'hono';
import * as segments from '../../authoring/segments.js';
import { type AppEnv, actorFrom } from '../context.js';
import { conflict, HttpProblem, notFound, unprocessable } from '../problem.js';
import { serve } from '../serve.js';

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

function usedBy(users: segments.SegmentUser[]): string {
  return users
    .map((u) => `'${u.workflowName}' ${u.version === 'draft' ? 'draft' : `v${u.version}`}`)
    .join(', ');
}

function segmentOrThrow(result: segments.SegmentWriteResult) {
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

  serve(routes, listSegments, async (c) =>
    c.json({ items: await segments.listSegments(c.var.deps.sql, c.var.auth.workspaceId) }, 200),
  );

  serve(routes, createSegment, async (c, { body }) => {
    checkRule(body.rule);
    return c.json(segmentOrThrow(await segments.createSegment(c.var.deps.sql, actorFrom(c), body)), 201);
  });

  serve(routes, getSegment, async (c, { params }) => {
    const segment = await segments.getSegment(c.var.deps.sql, c.var.auth.workspaceId, params.id);
    if (!segment) throw notFound('Segment');
    return c.json(segment, 200);
  });

  serve(routes, updateSegment, async (c, { params, body }) => {
    if (body.rule !== undefined) checkRule(body.rule);
    return c.json(
      segmentOrThrow(
        await segments.updateSegment(c.var.deps.sql, c.var.deps.registry, actorFrom(c), params.id, body),
      ),
      200,
    );
  });

  serve(routes, deleteSegment, async (c, { params }) =>
    c.json(
      segmentOrThrow(
        await segments.deleteSegment(c.var.deps.sql, c.var.deps.registry, actorFrom(c), params.id),
      ),
      200,
    ),
  );

  serve(routes, segmentUsage, async (c, { params }) => {
    const { sql } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    const segment = await segments.getSegment(sql, workspaceId, params.id);
    if (!segment) throw notFound('Segment');
    return c.json(
      { items: await segments.segmentUsage(sql, c.var.deps.registry, workspaceId, segment.name) },
      200,
    );
  });

  serve(routes, segmentRevisions, async (c, { params }) => {
    const items = await segments.segmentRevisions(c.var.deps.sql, c.var.auth.workspaceId, params.id);
    if (!items) throw notFound('Segment');
    return c.json({ items }, 200);
  });

  return routes;
}
