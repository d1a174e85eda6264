import { join } from 'node:path';
import {
  archiveWorkflow,
  createFromTemplate,
  deleteWorkflow,
  duplicateWorkflow,
  listTemplates,
  unarchiveWorkflow,
} from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { Hono } from 'hono';
import { checkGraph } from '../../authoring/graphChecks.js';
import * as admin from '../../authoring/journeyAdmin.js';
import * as templates from '../../authoring/journeyTemplates.js';
import * as workflows from '../../authoring/workflows.js';
import { type AppEnv, actorFrom } from '../context.js';
import { conflict, notFound, unprocessable } from '../problem.js';
import { serve } from '../serve.js';

const notFoundWorkflow = () => notFound('Workflow');

/** The journey list's actions: duplicate, archive, unarchive, delete, start from a template. */
export function journeyAdminRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const examplesDir = (c: { var: AppEnv['Variables'] }) => join(c.var.deps.config.repoRoot, 'examples');

  serve(routes, duplicateWorkflow, async (c, { params, body }) => {
    const { sql, registry } = c.var.deps;
    const actor = actorFrom(c);
    const copy = await admin.duplicateWorkflow(sql, actor, params.id, body.name);
    if (!copy) throw notFoundWorkflow();
    const { problems } = await checkGraph(sql, actor.workspaceId, registry, copy.draft);
    return c.json({ ...copy, draft: copy.draft as Graph, problems }, 201);
  });

  serve(routes, archiveWorkflow, async (c, { params, body }) => {
    const archived = await admin.archiveWorkflow(c.var.deps.sql, actorFrom(c), params.id, body.reason);
    if (!archived) throw notFoundWorkflow();
    return c.json(archived, 200);
  });

  serve(routes, unarchiveWorkflow, async (c, { params }) => {
    const back = await admin.unarchiveWorkflow(c.var.deps.sql, actorFrom(c), params.id);
    if (!back) throw notFoundWorkflow();
    return c.json(back, 200);
  });

  serve(routes, deleteWorkflow, async (c, { params }) => {
    const result = await admin.deleteWorkflow(c.var.deps.sql, actorFrom(c), params.id);
    if (result.ok) return c.json({ id: params.id, deleted: true as const }, 200);
    if (result.reason === 'not-found') throw notFoundWorkflow();
    const versions = result.versions === 1 ? '1 published version' : `${result.versions} published versions`;
    throw conflict(
      `This journey has ${versions}: auditors keep versions and traces, so it cannot be deleted. Archive it instead.`,
    );
  });

  serve(routes, listTemplates, async (c) =>
    c.json({ items: await templates.listTemplates(examplesDir(c)) }, 200),
  );

  serve(routes, createFromTemplate, async (c, { params, body }) => {
    const { sql, registry } = c.var.deps;
    const actor = actorFrom(c);
    const template = await templates.readTemplate(examplesDir(c), params.templateId);
    if (!template) throw notFound('Template');
    // Segments first: the template's gates and triggers name them.
    await templates.addTemplateSegments(sql, actor, params.templateId, template.segments);
    const { graph, problems } = await checkGraph(sql, actor.workspaceId, registry, template.graph);
    if (!graph) throw unprocessable(`The template '${params.templateId}' is not a valid graph`, problems);
    const name = body.name ?? graph.name;
    const created = await workflows.createWorkflow(sql, actor, { name, graph: { ...graph, name }, problems });
    return c.json({ ...created, draft: created.draft as Graph, problems }, 201);
  });

  return routes;
}
