import type { Context } from 'hono';
import type { ApiKeyIdentity } from '../access/apiKeys.js';
import { actorOf } from '../access/audit.js';
import type { AppDeps } from '../deps.js';

export type AppEnv = { Variables: { auth: ApiKeyIdentity; deps: AppDeps } };

/** The request's workspace and audit name, for services that write. */
export function actorFrom(c: Context<AppEnv>): { workspaceId: string; name: string } {
  const auth = c.var.auth;
  return { workspaceId: auth.workspaceId, name: actorOf(auth) };
}
