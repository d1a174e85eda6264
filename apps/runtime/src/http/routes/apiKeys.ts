import { Hono } from 'hono';
import { z } from 'zod';
import { issueApiKey, listApiKeys, revokeApiKey } from '../../access/apiKeys.js';
import { ROLES } from '../../access/permissions.js';
import { API_KEY_TTL_MS, forgetApiKeys } from '../apiKeyCache.js';
import { requirePermission } from '../auth.js';
import { type AppEnv, actorFrom } from '../context.js';
import type { RouteDoc } from '../openapi/routeDoc.js';
import { uuidParam } from '../params.js';
import { notFound, readBody } from '../problem.js';
import { Name } from './schemas.js';

const CreateKey = z.object({ name: Name, role: z.enum(ROLES) });

/** The workspace's API keys: create (the key is shown once), list (prefixes only), revoke. */
export function apiKeyRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use('/api-keys', requirePermission('key:manage'));
  routes.use('/api-keys/*', requirePermission('key:manage'));

  routes.post('/api-keys', async (c) => {
    const body = await readBody(c, CreateKey);
    return c.json(await issueApiKey(c.var.deps.sql, actorFrom(c), body), 201);
  });

  routes.get('/api-keys', async (c) => {
    return c.json({ items: await listApiKeys(c.var.deps.sql, c.var.auth.workspaceId) });
  });

  routes.delete('/api-keys/:id', async (c) => {
    const revoked = await revokeApiKey(c.var.deps.sql, actorFrom(c), uuidParam(c, 'id', 'API key'));
    forgetApiKeys(c.var.deps.sql);
    if (!revoked) throw notFound('API key');
    return c.json(revoked);
  });

  return routes;
}

const KeySummary = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(ROLES),
  prefix: z.string(),
  instanceAdmin: z.boolean(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});

const tag = { tag: 'API keys', access: 'key:manage' } as const;
export const apiKeyDocs: RouteDoc[] = [
  {
    ...tag,
    method: 'post',
    path: '/v1/api-keys',
    summary: 'Create an API key (the key is in this response only)',
    body: CreateKey,
    responses: {
      201: {
        description: 'Created',
        schema: z.object({
          id: z.uuid(),
          key: z.string(),
          name: z.string(),
          role: z.enum(ROLES),
          prefix: z.string(),
        }),
      },
    },
  },
  {
    ...tag,
    method: 'get',
    path: '/v1/api-keys',
    summary: 'List API keys (prefixes only, never the keys)',
    responses: { 200: { description: 'Keys', schema: z.object({ items: z.array(KeySummary) }) } },
  },
  {
    ...tag,
    method: 'delete',
    path: '/v1/api-keys/:id',
    summary: 'Revoke an API key; it answers 401 from then on',
    description: `At once on the runtime process that answers this call; other API processes trust a key they verified for at most ${API_KEY_TTL_MS / 1000} s more.`,
    responses: { 200: { description: 'Revoked', schema: KeySummary } },
  },
];
