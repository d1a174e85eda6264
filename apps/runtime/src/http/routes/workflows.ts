import {
  createWorkflow,
  getWorkflow,
  listWorkflows,
  notAGraph,
  renameWorkflow,
  saveDraft,
  validateWorkflow,
} from '@crossroads/api';
import { type Graph, hasErrors, type Problem } from '@crossroads/graph-schema';
import { Hono } from 'hono';
import * as drafts from '../../authoring/drafts.js';
import { checkGraph } from '../../authoring/graphChecks.js';
import * as workflows from '../../authoring/workflows.js';
import { type AppEnv, actorFrom } from '../context.js';
import { HttpProblem, notFound, unprocessable } from '../problem.js';
import { serve } from '../serve.js';

/** A graph that is not even shaped like a graph cannot be stored: 422 with the problems. */
function refuseUnparsable(problems: Problem[]): HttpProblem {
  const first = problems[0];
  return unprocessable(
    first ? `graph.${first.path || '(root)'}: ${first.message}` : 'The graph is not valid',
    problems,
  );
}

/** 422 naming the field when the document is not a graph of any format version. */
function refuseNotAGraph(graph: unknown): void {
  const problem = notAGraph(graph);
  if (problem) throw unprocessable(`${problem.path}: ${problem.message}`, [problem]);
}

const notFoundWorkflow = () => notFound('Workflow');

/** 409: the draft moved on since baseRevision and both changed the same items (or it is too old to merge). */
function staleDraft(
  baseRevision: number | undefined,
  currentRevision: number,
  conflicts: unknown[],
): HttpProblem {
  const detail =
    conflicts.length > 0
      ? `The draft was saved elsewhere since revision ${baseRevision} (now ${currentRevision}) and both changed ${conflicts.length} of the same items: settle each with keep`
      : `The draft was saved elsewhere since revision ${baseRevision} (now ${currentRevision}), too long ago to merge: reload it before saving`;
  return new HttpProblem(
    409,
    'Conflict',
    detail,
    [{ path: 'baseRevision', message: `stale: the current revision is ${currentRevision}` }],
    undefined,
    { currentRevision, conflicts },
  );
}

/** Workflows and their drafts. Drafts may have semantic problems; they come back as `problems`. */
export function workflowRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, listWorkflows, async (c, { query }) =>
    c.json({ items: await workflows.listWorkflows(c.var.deps.sql, c.var.auth.workspaceId, query) }, 200),
  );

  serve(routes, createWorkflow, async (c, { body }) => {
    const { sql, registry } = c.var.deps;
    const actor = actorFrom(c);
    refuseNotAGraph(body.graph);
    const { graph, problems } = await checkGraph(sql, actor.workspaceId, registry, body.graph);
    if (!graph) throw refuseUnparsable(problems);
    const workflow = await workflows.createWorkflow(sql, actor, {
      name: body.name ?? graph.name,
      graph,
      problems,
    });
    return c.json({ ...workflow, draft: workflow.draft as Graph, problems }, 201);
  });

  serve(routes, getWorkflow, async (c, { params }) => {
    const { sql, registry } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    const workflow = await workflows.getWorkflow(sql, workspaceId, params.id);
    if (!workflow) throw notFoundWorkflow();
    const { problems } = await checkGraph(sql, workspaceId, registry, workflow.draft);
    return c.json({ ...workflow, draft: workflow.draft as Graph, problems }, 200);
  });

  serve(routes, renameWorkflow, async (c, { params, body }) => {
    const workflow = await workflows.renameWorkflow(c.var.deps.sql, actorFrom(c), params.id, body.name);
    if (!workflow) throw notFoundWorkflow();
    const { draft: _draft, ...summary } = workflow as typeof workflow & { draft?: unknown };
    return c.json(summary, 200);
  });

  serve(routes, saveDraft, async (c, { params, body }) => {
    const { id } = params;
    const { sql, registry } = c.var.deps;
    const actor = actorFrom(c);
    const unknownWorkflow = async () => !(await workflows.getWorkflow(sql, actor.workspaceId, id));
    // Unknown ids answer 404 before any complaint about the body.
    if (notAGraph(body.graph) && (await unknownWorkflow())) throw notFoundWorkflow();
    refuseNotAGraph(body.graph);
    const { graph, problems } = await checkGraph(sql, actor.workspaceId, registry, body.graph);
    if (!graph) {
      if (await unknownWorkflow()) throw notFoundWorkflow();
      throw refuseUnparsable(problems);
    }
    const { keyId, keyName } = c.var.auth;
    const saved = await drafts.saveDraft(sql, actor, { keyId, keyName, session: body.session }, id, {
      graph,
      problems,
      baseRevision: body.baseRevision,
      keep: body.keep,
      check: async (merged) => (await checkGraph(sql, actor.workspaceId, registry, merged)).problems,
    });
    if (!saved.ok && saved.reason === 'not-found') throw notFoundWorkflow();
    if (!saved.ok) throw staleDraft(body.baseRevision, saved.currentRevision, saved.conflicts);
    const { draftRevision, updatedAt, merged } = saved;
    return c.json(
      {
        draftRevision,
        updatedAt,
        problems: saved.problems,
        merged,
        ...(merged ? { draft: saved.graph } : {}),
      },
      200,
    );
  });

  serve(routes, validateWorkflow, async (c, { params, body }) => {
    const { sql, registry } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    const workflow = await workflows.getWorkflow(sql, workspaceId, params.id);
    if (!workflow) throw notFoundWorkflow();
    const input = body.graph !== undefined ? body.graph : workflow.draft;
    const { problems } = await checkGraph(sql, workspaceId, registry, input);
    return c.json({ ok: !hasErrors(problems), problems }, 200);
  });

  return routes;
}
