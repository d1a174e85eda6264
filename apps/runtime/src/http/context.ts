import type { Context } from 'hono';
import type { ApiKeyIdentity } from '../access/apiKeys.js';
import { actorOf } from '../access/audit.js';
import type { Config } from '../config.js';
import type { Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';
import type { RuntimeRegistry } from '../packs/runtimeRegistry.js';

/** What every route and service may use. Built once at start; tests build their own. */
export interface AppDeps {
  sql: Sql;
  config: Config;
  /** Built-ins plus loaded packs; pack nodes run in their sandbox. */
  registry: RuntimeRegistry;
  logger: Logger;
  /** For Graphile Worker, which opens its own pool. */
  databaseUrl: string;
}

export type AppEnv = { Variables: { auth: ApiKeyIdentity; deps: AppDeps } };

/** The request's workspace and audit name, for services that write. */
export function actorFrom(c: Context<AppEnv>): { workspaceId: string; name: string } {
  const auth = c.var.auth;
  return { workspaceId: auth.workspaceId, name: actorOf(auth) };
}
