import type { Config } from './config.js';
import type { Sql } from './db/connect.js';
import type { Logger } from './logger.js';
import type { RuntimeRegistry } from './packs/runtimeRegistry.js';

/**
 * What the API, the worker and the capabilities they call may use. Built once at start (start.ts);
 * tests build their own (testing/testApp.ts). Lives at the root, below http/ and worker/, so no
 * capability has to import an entry point for it.
 */
export interface AppDeps {
  sql: Sql;
  config: Config;
  /** Built-ins plus loaded packs; pack nodes run in their sandbox. */
  registry: RuntimeRegistry;
  logger: Logger;
  /** For Graphile Worker, which opens its own pool. */
  databaseUrl: string;
}
