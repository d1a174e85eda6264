import {
  activateVersion,
  alreadyInSegment,
  diffVersions,
  draftAlreadyInSegment,
  getVersion,
  listVersions,
  pauseWorkflow,
  publishVersion,
  versionContacts,
} from '@crossroads/api';
import { Hono } from 'hono';
import * as lifecycle from '../../authoring/lifecycle.js';
import * as publishing from '../../authoring/publish.js';
import * as versions from '../../authoring/versions.js';
import { countAlreadyIn, countDraftAlreadyIn } from '../../operate/alreadyInSegment.js';
import { type AppEnv, actorFrom } from '../context.js';
import { badRequest, conflict, HttpProblem, notFound, unprocessable } from '../problem.js';
import { serve } from '../serve.js';

const notFoundWorkflow = () => notFound('Workflow');

function lifecycleResponse(result: lifecycle.LifecycleResult) {
  if (result.ok) return result.workflow;
  switch (result.reason) {
    case 'not-found':
      throw notFoundWorkflow();
    case 'version-not-found':
      throw new HttpProblem(404, 'Not Found', result.detail, [{ path: 'version', message: result.detail }]);
    case 'reason-required':
      throw badRequest(result.detail, [{ path: 'reason', message: 'required for a rollback' }]);
    case 'not-active':
      throw conflict(result.detail);
  }
}

export function publishRefusal(result: Exclude<publishing.PublishResult, { ok: true }>): HttpProblem {
  switch (result.reason) {
    case 'not-found':
      return notFoundWorkflow();
    case 'identical':
      return new HttpProblem(
        409,
        'Conflict',
        `Nothing to publish: the draft is the same as version ${result.version} (same graph, same segment revisions)`,
        [{ path: 'draft', message: `same content as v${result.version}` }],
        undefined,
        { version: result.version },
      );
    case 'draft-changed':
      return conflict(result.detail, [{ path: 'draft', message: 'saved again while publishing' }]);
    case 'tests-failed': {
      const { failed, total } = result;
      const named = failed.map(
        (f) => `'${f.name}' (expected ${f.expectedEnd}, ended at ${f.actualEnd ?? 'nothing'})`,
      );
      return new HttpProblem(
        422,
        'Unprocessable Content',
        `${failed.length} of ${total} saved test cases fail: ${named.join('; ')}. Fix them, or publish with override.reason`,
        failed.map((f) => ({
          path: `testCases.${f.id}`,
          message: `'${f.name}': expected to end at ${f.expectedEnd}, ended at ${f.actualEnd ?? 'nothing'}${f.error ? ` (${f.error})` : ''}`,
        })),
        undefined,
        { failedTests: failed },
      );
    }
    case 'invalid': {
      const errors = result.problems.filter((p) => p.severity === 'error');
      const first = errors[0];
      return unprocessable(
        `The draft has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before publishing` +
          (first ? ` (first: ${first.path}: ${first.message})` : ''),
        result.problems,
      );
    }
  }
}

/** Publishing immutable versions, reading and diffing them, activating (and rolling back) and pausing. */
export function versionRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, publishVersion, async (c, { params, body }) => {
    const { sql, registry } = c.var.deps;
    const { enrolExisting, ...input } = body;
    if (enrolExisting && !input.activate) {
      throw badRequest('enrolExisting: only with activate (contacts are enrolled into a live version)', [
        { path: 'enrolExisting', message: 'needs activate: true' },
      ]);
    }
    // Counted before publishing (the draft's segments as the publish pins them), for the audit log.
    const existing = enrolExisting
      ? await countDraftAlreadyIn(sql, registry, c.var.auth.workspaceId, params.id)
      : null;
    const result = await publishing.publishVersion(sql, actorFrom(c), registry, params.id, {
      ...input,
      ...(existing && { enrolExisting: existing }),
    });
    if (result.ok) return c.json(result.version, 201);
    throw publishRefusal(result);
  });

  serve(routes, listVersions, async (c, { params }) => {
    const items = await versions.listVersions(c.var.deps.sql, c.var.auth.workspaceId, params.id);
    if (!items) throw notFoundWorkflow();
    return c.json({ items }, 200);
  });

  serve(routes, getVersion, async (c, { params }) => {
    const version = await versions.getVersion(
      c.var.deps.sql,
      c.var.auth.workspaceId,
      params.id,
      params.version,
    );
    if (!version) throw notFound(`Version ${params.version} of this workflow`);
    return c.json(version, 200);
  });

  serve(routes, versionContacts, async (c, { params, query }) => {
    const page = await versions.versionContacts(
      c.var.deps.sql,
      c.var.auth.workspaceId,
      params.id,
      params.version,
      { limit: query.limit ?? 50, cursor: query.cursor },
    );
    if (!page) throw notFound(`Version ${params.version} of this workflow`);
    return c.json(page, 200);
  });

  serve(routes, diffVersions, async (c, { params, query }) => {
    const { from, to } = query;
    const { sql, registry } = c.var.deps;
    const result = await versions.diffVersions(sql, c.var.auth.workspaceId, registry, params.id, from, to);
    if (result.ok) return c.json({ from, to, ...result.diff }, 200);
    if (result.missing === 'workflow') throw notFoundWorkflow();
    if (result.problems) throw unprocessable(result.detail, result.problems);
    throw new HttpProblem(404, 'Not Found', result.detail, [
      { path: result.missing, message: result.detail },
    ]);
  });

  serve(routes, alreadyInSegment, async (c, { params }) => {
    const { sql, registry } = c.var.deps;
    const count = await countAlreadyIn(sql, registry, c.var.auth.workspaceId, params.id, params.version);
    if (!count) throw notFound(`Version ${params.version} of this workflow`);
    return c.json(count, 200);
  });

  serve(routes, draftAlreadyInSegment, async (c, { params }) => {
    const { sql, registry } = c.var.deps;
    const count = await countDraftAlreadyIn(sql, registry, c.var.auth.workspaceId, params.id);
    if (!count) throw notFoundWorkflow();
    return c.json(count, 200);
  });

  serve(routes, activateVersion, async (c, { params, body }) => {
    const { sql, registry } = c.var.deps;
    const { enrolExisting, ...input } = body;
    // Counted before activating, so the audit log says how many were already in the segment.
    const existing = enrolExisting
      ? await countAlreadyIn(sql, registry, c.var.auth.workspaceId, params.id, body.version)
      : null;
    const result = await lifecycle.activateVersion(sql, actorFrom(c), params.id, {
      ...input,
      ...(existing && { enrolExisting: existing }),
    });
    return c.json(lifecycleResponse(result), 200);
  });

  serve(routes, pauseWorkflow, async (c, { params, body }) =>
    c.json(
      lifecycleResponse(await lifecycle.pauseWorkflow(c.var.deps.sql, actorFrom(c), params.id, body)),
      200,
    ),
  );

  return routes;
}
