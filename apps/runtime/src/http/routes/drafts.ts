import { heartbeatPresence, leavePresence } from '@crossroads/api';
import { Hono } from 'hono';
import * as presence from '../../authoring/presence.js';
import type { AppEnv } from '../context.js';
import { notFound } from '../problem.js';
import { serve } from '../serve.js';

/** Who has a draft open: editor tabs beat every few seconds and learn what changed. */
export function draftRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, heartbeatPresence, async (c, { params, body }) => {
    const { keyId, keyName, role, workspaceId } = c.var.auth;
    const answer = await presence.heartbeat(c.var.deps.sql, {
      workspaceId,
      workflowId: params.id,
      session: body.session,
      key: { keyId, keyName, role },
      revision: body.revision,
      editing: body.editing,
    });
    if (!answer) throw notFound('Workflow');
    return c.json(answer, 200);
  });

  serve(routes, leavePresence, async (c, { params }) => {
    const { keyId, workspaceId } = c.var.auth;
    const left = await presence.leave(c.var.deps.sql, {
      workspaceId,
      workflowId: params.id,
      session: params.session,
      keyId,
    });
    if (left === null) throw notFound('Workflow');
    return c.json({ left }, 200);
  });

  return routes;
}
