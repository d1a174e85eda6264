import { createApiKey, listApiKeys, revokeApiKey } from '@crossroads/api';
import { Hono } from 'hono';
import { issueApiKey, listApiKeys as listKeys, revokeApiKey as revokeKey } from '../../access/apiKeys.js';
import { forgetApiKeys } from '../apiKeyCache.js';
import { type AppEnv, actorFrom } from '../context.js';
import { notFound } from '../problem.js';
import { serve } from '../serve.js';

/** The workspace's API keys: create (the key is shown once), list (prefixes only), revoke. */
export function apiKeyRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(routes, createApiKey, async (c, { body }) =>
    c.json(await issueApiKey(c.var.deps.sql, actorFrom(c), body), 201),
  );

  serve(routes, listApiKeys, async (c) =>
    c.json({ items: await listKeys(c.var.deps.sql, c.var.auth.workspaceId) }, 200),
  );

  serve(routes, revokeApiKey, async (c, { params }) => {
    const revoked = await revokeKey(c.var.deps.sql, actorFrom(c), params.id);
    forgetApiKeys(c.var.deps.sql);
    if (!revoked) throw notFound('API key');
    return c.json(revoked, 200);
  });

  return routes;
}
