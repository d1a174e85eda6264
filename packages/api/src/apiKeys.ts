import { z } from 'zod';
import { ROLES } from './access.js';
import { Instant, Name, pathUuid, Uuid } from './primitives.js';
import { defineRoute } from './route.js';

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ApiKeySummary = z.object({
  id: Uuid,
  name: z.string(),
  role: Role,
  prefix: z.string().describe('First characters of the key, to recognise it; the key itself is never stored'),
  instanceAdmin: z.boolean(),
  createdAt: Instant,
  revokedAt: Instant.nullable(),
  lastUsedAt: Instant.nullable().describe('Last request made with the key (updated at most once a minute)'),
});
export type ApiKeySummary = z.infer<typeof ApiKeySummary>;

export const CreateApiKey = z.object({ name: Name, role: Role });

export const IssuedApiKey = z.object({
  id: Uuid,
  key: z.string().describe('Shown in this response only'),
  name: z.string(),
  role: Role,
  prefix: z.string(),
});
export type IssuedApiKey = z.infer<typeof IssuedApiKey>;

const tag = 'API keys';
const access = 'key:manage';

export const createApiKey = defineRoute({
  method: 'post',
  path: '/v1/api-keys',
  tag,
  access,
  summary: 'Create an API key (the key is in this response only)',
  body: CreateApiKey,
  responses: { 201: { description: 'Created', schema: IssuedApiKey } },
});

export const listApiKeys = defineRoute({
  method: 'get',
  path: '/v1/api-keys',
  tag,
  access,
  summary: 'List API keys (prefixes only, never the keys)',
  responses: { 200: { description: 'Keys', schema: z.object({ items: z.array(ApiKeySummary) }) } },
});

export const revokeApiKey = defineRoute({
  method: 'delete',
  path: '/v1/api-keys/{id}',
  tag,
  access,
  summary: 'Revoke an API key; it answers 401 from then on',
  description:
    'At once on the runtime process that answers this call; other API processes trust a key they verified for a few seconds more (API_KEY_TTL_MS).',
  params: z.object({ id: pathUuid('API key') }),
  responses: { 200: { description: 'Revoked', schema: ApiKeySummary } },
});

export const apiKeyRoutes = [createApiKey, listApiKeys, revokeApiKey] as const;
