import { hasErrors, type Problem } from '@crossroads/graph-schema';
import { Hono } from 'hono';
import { z } from 'zod';
import { checkGraph } from '../../authoring/graphChecks.js';
import {
  createWorkflow,
  getWorkflow,
  listWorkflows,
  renameWorkflow,
  saveDraft,
} from '../../authoring/workflows.js';
import { requirePermission } from '../auth.js';
import { type AppEnv, actorFrom } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { uuidParam } from '../params.js';
import { HttpProblem, notFound, readBody, unprocessable } from '../problem.js';
import { GraphDocument, Name, Problems } from './schemas.js';

const CreateWorkflow = z.object({
  name: Name.optional().describe('Defaults to the graph name'),
  graph: GraphDocument,
});
const RenameWorkflow = z.object({ name: Name });
const SaveDraft = z.object({
  graph: GraphDocument,
  baseRevision: z
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .optional()
    .describe('The draftRevision this edit started from; a newer saved draft answers 409'),
});
const ValidateBody = z.object({ graph: GraphDocument.optional() });

/** A graph that is not even shaped like a graph cannot be stored: 422 with the problems. */
function refuseUnparsable(problems: Problem[]): HttpProblem {
  const first = problems[0];
  return unprocessable(
    first ? `graph.${first.path || '(root)'}: ${first.message}` : 'The graph is not valid',
    problems,
  );
}

const notFoundWorkflow = () => notFound('Workflow');

/** Workflows and their drafts. Drafts may have semantic problems; they come back as `problems`. */
export function workflowRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/workflows', requirePermission('workflow:read'), async (c) => {
    return c.json({ items: await listWorkflows(c.var.deps.sql, c.var.auth.workspaceId) });
  });

  routes.post('/workflows', requirePermission('workflow:write'), async (c) => {
    const body = await readBody(c, CreateWorkflow);
    const { sql, registry } = c.var.deps;
    const actor = actorFrom(c);
    const { graph, problems } = await checkGraph(sql, actor.workspaceId, registry, body.graph);
    if (!graph) throw refuseUnparsable(problems);
    const workflow = await createWorkflow(sql, actor, { name: body.name ?? graph.name, graph, problems });
    return c.json({ ...workflow, problems }, 201);
  });

  routes.get('/workflows/:id', requirePermission('workflow:read'), async (c) => {
    const { sql, registry } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    const workflow = await getWorkflow(sql, workspaceId, uuidParam(c, 'id', 'Workflow'));
    if (!workflow) throw notFoundWorkflow();
    const { problems } = await checkGraph(sql, workspaceId, registry, workflow.draft);
    return c.json({ ...workflow, problems });
  });

  routes.patch('/workflows/:id', requirePermission('workflow:write'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const { name } = await readBody(c, RenameWorkflow);
    const workflow = await renameWorkflow(c.var.deps.sql, actorFrom(c), id, name);
    if (!workflow) throw notFoundWorkflow();
    const { draft: _draft, ...summary } = workflow as typeof workflow & { draft?: unknown };
    return c.json(summary);
  });

  routes.put('/workflows/:id/draft', requirePermission('workflow:write'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const body = await readBody(c, SaveDraft);
    const { sql, registry } = c.var.deps;
    const actor = actorFrom(c);
    const { graph, problems } = await checkGraph(sql, actor.workspaceId, registry, body.graph);
    if (!graph) {
      // Unknown ids answer 404 before any complaint about the body.
      if (!(await getWorkflow(sql, actor.workspaceId, id))) throw notFoundWorkflow();
      throw refuseUnparsable(problems);
    }
    const saved = await saveDraft(sql, actor, id, { graph, problems, baseRevision: body.baseRevision });
    if (!saved.ok && saved.reason === 'not-found') throw notFoundWorkflow();
    if (!saved.ok) {
      throw new HttpProblem(
        409,
        'Conflict',
        `The draft was saved elsewhere since revision ${body.baseRevision} (now ${saved.currentRevision}): reload it before saving`,
        [{ path: 'baseRevision', message: `stale: the current revision is ${saved.currentRevision}` }],
        undefined,
        { currentRevision: saved.currentRevision },
      );
    }
    return c.json({ draftRevision: saved.draftRevision, updatedAt: saved.updatedAt, problems });
  });

  routes.post('/workflows/:id/validate', requirePermission('workflow:read'), async (c) => {
    const id = uuidParam(c, 'id', 'Workflow');
    const body = await readBody(c, ValidateBody);
    const { sql, registry } = c.var.deps;
    const workspaceId = c.var.auth.workspaceId;
    const workflow = await getWorkflow(sql, workspaceId, id);
    if (!workflow) throw notFoundWorkflow();
    const input = body.graph !== undefined ? body.graph : workflow.draft;
    const { problems } = await checkGraph(sql, workspaceId, registry, input);
    return c.json({ ok: !hasErrors(problems), problems });
  });

  return routes;
}

const Summary = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(['draft', 'active', 'paused']),
  activeVersion: z.number().int().nullable(),
  latestVersion: z.number().int().nullable(),
  draftRevision: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
const Detail = Summary.extend({ draft: GraphDocument, problems: Problems });

const ws = { tag: 'Workflows' } as const;
export const workflowDocs: RouteDoc[] = [
  {
    ...ws,
    method: 'get',
    path: '/v1/workflows',
    summary: 'List workflows',
    access: 'workflow:read',
    responses: {
      200: {
        description: 'Workflows, most recently changed first',
        schema: z.object({ items: z.array(Summary) }),
      },
    },
  },
  {
    ...ws,
    method: 'post',
    path: '/v1/workflows',
    summary: 'Create a workflow from a graph (saved as its draft)',
    description:
      'Semantic problems are allowed in a draft and returned as `problems`; a document that is not shaped like a graph answers 422.',
    access: 'workflow:write',
    body: CreateWorkflow,
    responses: {
      201: { description: 'Created', schema: Detail },
      422: { description: 'The graph is not a graph' },
    },
  },
  {
    ...ws,
    method: 'get',
    path: '/v1/workflows/:id',
    summary: "Get a workflow with its draft and the draft's problems",
    access: 'workflow:read',
    responses: { 200: { description: 'The workflow', schema: Detail } },
  },
  {
    ...ws,
    method: 'patch',
    path: '/v1/workflows/:id',
    summary: 'Rename a workflow',
    access: 'workflow:write',
    body: RenameWorkflow,
    responses: { 200: { description: 'Renamed', schema: Summary } },
  },
  {
    ...ws,
    method: 'put',
    path: '/v1/workflows/:id/draft',
    summary: 'Save the draft',
    description:
      'Send `baseRevision` (the draftRevision you loaded) to be told with 409 when someone saved in between.',
    access: 'workflow:write',
    body: SaveDraft,
    responses: {
      200: {
        description: 'Saved',
        schema: z.object({
          draftRevision: z.number().int(),
          updatedAt: z.iso.datetime(),
          problems: Problems,
        }),
      },
      409: { description: 'The draft changed since baseRevision; the problem carries currentRevision' },
    },
  },
  {
    ...ws,
    method: 'post',
    path: '/v1/workflows/:id/validate',
    summary: 'Validate the draft, or the graph in the body',
    access: 'workflow:read',
    body: ValidateBody,
    responses: {
      200: { description: 'Problems found', schema: z.object({ ok: z.boolean(), problems: Problems }) },
    },
  },
];
