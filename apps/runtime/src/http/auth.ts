import { type Permission, roleAllows } from '@crossroads/api';
import { createMiddleware } from 'hono/factory';
import { verifiedApiKey } from './apiKeyCache.js';
import type { AppEnv } from './context.js';
import { HttpProblem } from './problem.js';

/** The username of HTTP Basic auth: Segment's clients send their write key there. */
function basicUser(header: string | undefined): string | undefined {
  const encoded = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)$/i)?.[1];
  if (!encoded) return undefined;
  return Buffer.from(encoded, 'base64').toString('utf8').split(':')[0] || undefined;
}

/** The API key a request carries, from its Authorization or X-Api-Key header. */
export function apiKeyOf(authorization: string | undefined, xApiKey: string | undefined): string | undefined {
  return authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? xApiKey ?? basicUser(authorization);
}

/**
 * Resolves `Authorization: Bearer <key>` (or `X-Api-Key`, or HTTP Basic with the key as the
 * username) to a workspace and role (verified keys are cached for API_KEY_TTL_MS, see
 * apiKeyCache.ts).
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const key = apiKeyOf(c.req.header('authorization'), c.req.header('x-api-key'));
  if (!key) {
    throw new HttpProblem(
      401,
      'Unauthorized',
      'Send an API key as "Authorization: Bearer <key>"',
      undefined,
      {
        'www-authenticate': 'Bearer',
      },
    );
  }
  const identity = await verifiedApiKey(c.var.deps.sql, key);
  if (!identity) throw new HttpProblem(401, 'Unauthorized', 'This API key is unknown or has been revoked');
  c.set('auth', identity);
  await next();
});

/** Refuses (403) a key whose role lacks the permission. */
export const requirePermission = (permission: Permission) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { role } = c.var.auth;
    if (!roleAllows(role, permission)) {
      throw new HttpProblem(
        403,
        'Forbidden',
        `An API key with role '${role}' may not ${permission.replace(':', ' ')}`,
      );
    }
    await next();
  });

export const requireInstanceAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.auth.instanceAdmin) {
    throw new HttpProblem(403, 'Forbidden', 'Only the instance admin key may create workspaces');
  }
  await next();
});
