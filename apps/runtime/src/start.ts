import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { bootstrap } from './authoring/bootstrap.js';
import { stopRenderThreads } from './channels/index.js';
import type { Config } from './config.js';
import { connect, type Sql } from './db/connect.js';
import { type EmbeddedDatabase, openDataFolderPostgres } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import type { AppDeps } from './deps.js';
import { createApp } from './http/app.js';
import type { Logger } from './logger.js';
import { loadRegistry } from './registry.js';
import { type RunningWorker, startWorker } from './worker/worker.js';

export type RuntimeMode = 'all' | 'api' | 'worker';

export interface RunningRuntime {
  url: string;
  deps: AppDeps;
  adminKey?: string;
  stop(): Promise<void>;
}

/** Database URL: DATABASE_URL, else this data folder's embedded Postgres (found running, or started here). */
async function openDatabase(
  config: Config,
  logger: Logger,
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  const embedded = await openDataFolderPostgres({
    dataDir: config.CROSSROADS_DATA_DIR,
    port: config.EMBEDDED_PG_PORT,
    logger,
  });
  return { url: embedded.url, embedded };
}

/** Starts the runtime: database, migrations, first-boot data, then the API and/or the worker pool. */
export async function startRuntime(
  config: Config,
  logger: Logger,
  mode: RuntimeMode,
): Promise<RunningRuntime> {
  const { url, embedded } = await openDatabase(config, logger);
  const sql: Sql = connect(url, { max: mode === 'worker' ? 5 : 20 });
  await migrate(sql, url, logger);
  const boot = await bootstrap(sql, {
    ...(config.CROSSROADS_ADMIN_KEY ? { adminKey: config.CROSSROADS_ADMIN_KEY } : {}),
    examplesDir: join(config.repoRoot, 'examples'),
    withExamples: !config.CROSSROADS_NO_DEMO_DATA,
    logger,
  });
  const deps: AppDeps = {
    sql,
    config,
    registry: await loadRegistry(config, logger),
    logger,
    databaseUrl: url,
  };

  let worker: RunningWorker | undefined;
  if (mode !== 'api') worker = await startWorker(deps);

  let server: ReturnType<typeof serve> | undefined;
  if (mode !== 'worker') {
    const app = createApp(deps);
    server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST });
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  }
  const address = server?.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const runtimeUrl =
    config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;

  return {
    url: runtimeUrl,
    deps,
    ...(boot.adminKey ? { adminKey: boot.adminKey } : {}),
    async stop() {
      // Stop taking requests, let in-flight jobs finish (or release them), then close the pool.
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await worker?.stop();
      await deps.registry.close();
      await sql.end({ timeout: 5 });
      await stopRenderThreads();
      await embedded?.stop();
    },
  };
}
