import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { bootstrap } from './authoring/bootstrap.js';
import { startRenderThreads, stopRenderThreads } from './channels/index.js';
import type { Config } from './config.js';
import { connect, type Sql } from './db/connect.js';
import { type EmbeddedDatabase, openDataFolderPostgres } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { describeDatabase, waitForDatabase } from './db/waitForDatabase.js';
import type { AppDeps } from './deps.js';
import { createApiAdmission, type EarlyQuestions } from './http/admission.js';
import { knownApiKey } from './http/apiKeyCache.js';
import { createApp } from './http/app.js';
import { apiKeyOf } from './http/auth.js';
import type { AppEnv } from './http/context.js';
import { startingApp } from './http/startingApp.js';
import { isUpload } from './http/uploads.js';
import type { Logger } from './logger.js';
import { watchEventLoop } from './metrics.js';
import { loadRegistry } from './registry.js';
import { type RunningWorker, startWorker } from './worker/worker.js';

export type RuntimeMode = 'all' | 'api' | 'worker';

/** Connections the kernel may hold for the API before it accepts them (see the listen call). */
const LISTEN_BACKLOG = 4096;

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

/**
 * Waits for the database, then migrates and writes first-boot data; starts over from waiting when
 * the database goes away in the middle (a runtime started together with its Postgres).
 */
async function prepareDatabase(
  sql: Sql,
  url: string,
  config: Config,
  logger: Logger,
  onWaiting: (reason: string) => void,
) {
  const where = describeDatabase(url);
  for (;;) {
    await waitForDatabase(sql, { logger, where, onWaiting });
    try {
      onWaiting(`Migrating the database (${where})`);
      await migrate(sql, url, logger);
      return await bootstrap(sql, {
        ...(config.CROSSROADS_ADMIN_KEY ? { adminKey: config.CROSSROADS_ADMIN_KEY } : {}),
        examplesDir: join(config.repoRoot, 'examples'),
        withExamples: !config.CROSSROADS_NO_DEMO_DATA,
        logger,
      });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      logger.warn({ err: error, database: where }, 'the database went away while starting; waiting again');
    }
  }
}

/**
 * Starts the runtime: the HTTP server first (it answers /healthz, and /readyz with why it is not
 * ready yet), then the database (waited for while it is not up), migrations, first-boot data, then
 * the API and/or the worker pool.
 */
export async function startRuntime(
  config: Config,
  logger: Logger,
  mode: RuntimeMode,
): Promise<RunningRuntime> {
  const stopWatching = watchEventLoop((stallMs) =>
    logger.warn({ stallMs, mode }, 'the event loop was held (or the process got no CPU) for a while'),
  );
  let waiting = 'Opening the database';
  let app: Hono<AppEnv> | undefined;
  let embedded: EmbeddedDatabase | undefined;
  let sql: Sql | undefined;
  let server: Server | undefined;
  const admission = createApiAdmission(config, mode !== 'worker');
  if (mode !== 'worker') {
    const starting = startingApp(() => waiting);
    const listener = getRequestListener((request, env) => (app ?? starting).fetch(request, env));
    // Refusals at capacity are answered before Hono builds a Request (admission.refuseEarly).
    const ask: EarlyQuestions = {
      isUpload: (req) =>
        isUpload(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!, req.headers['content-type']),
      workspaceOf: (req) => {
        const key = apiKeyOf(req.headers.authorization, req.headers['x-api-key'] as string | undefined);
        return key && sql ? knownApiKey(sql, key)?.workspaceId : undefined;
      },
    };
    server = createServer((req, res) => {
      if (app && admission.refuseEarly(req, res, ask)) return;
      void listener(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('listening', () => resolve());
      server!.once('error', reject);
      // A long accept queue: under a burst of new connections while the event loop is busy, Node's
      // default (511) overflows and the kernel drops SYNs, which clients resend only after 1, 3, 7 s
      // (the overload bench saw 503s take 3.8 s that way). Capped by net.core.somaxconn.
      server!.listen({ port: config.PORT, host: config.HOST, backlog: LISTEN_BACKLOG });
    });
  }
  const closeServer = () =>
    new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  try {
    const opened = await openDatabase(config, logger);
    embedded = opened.embedded;
    sql = connect(opened.url, { max: mode === 'worker' ? 5 : 20 });
    const boot = await prepareDatabase(sql, opened.url, config, logger, (reason) => {
      waiting = reason;
    });
    const deps: AppDeps = {
      sql,
      config,
      registry: await loadRegistry(config, logger),
      logger,
      databaseUrl: opened.url,
    };
    // Before the worker takes jobs: else the first sends after a start wait for the bundle and threads.
    if (mode !== 'api') await startRenderThreads();
    const worker: RunningWorker | undefined = mode !== 'api' ? await startWorker(deps) : undefined;
    if (mode !== 'worker') app = createApp(deps, admission);

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
        await closeServer();
        await worker?.stop();
        await deps.registry.close();
        await deps.sql.end({ timeout: 5 });
        await stopRenderThreads();
        await embedded?.stop();
        stopWatching();
        admission.stop();
      },
    };
  } catch (error) {
    await closeServer();
    await sql?.end({ timeout: 1 }).catch(() => {});
    await embedded?.stop();
    stopWatching();
    admission.stop();
    throw error;
  }
}
