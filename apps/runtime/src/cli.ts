import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { guardProcess } from './processGuards.js';
import { type RuntimeMode, startRuntime } from './start.js';
import { PROCESS_LABEL_ENV, READY_MESSAGE, startWorkerProcesses } from './worker/processes.js';

const USAGE = `Usage: runtime <all|api|worker>
  all     API, worker pools and (without DATABASE_URL) embedded Postgres (pnpm start): one worker
          process per core (WORKER_PROCESSES overrides; 1: API and worker in this one process)
  api     only the HTTP API (run any number against one Postgres)
  worker  only the Graphile Worker pool (run any number against one Postgres)`;

/**
 * One worker process per core, at most 8: each holds up to WORKER_CONCURRENCY + 15 connections
 * (25 by default) under load, and 8 of them stay within the embedded Postgres' 300 with the API's.
 */
const defaultWorkerProcesses = () => Math.min(8, availableParallelism());

async function main(): Promise<void> {
  const mode = (process.argv[2] ?? 'all') as RuntimeMode;
  if (!['all', 'api', 'worker'].includes(mode)) {
    console.error(USAGE);
    process.exit(2);
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  // Set when this process is a worker child of `runtime all` (worker/processes.ts).
  const label = process.env[PROCESS_LABEL_ENV];
  const workerProcesses = mode === 'all' ? (config.WORKER_PROCESSES ?? defaultWorkerProcesses()) : 1;
  const supervising = mode === 'all' && workerProcesses > 1;
  const logger = createLogger(config.LOG_LEVEL, label ?? (supervising ? 'api' : undefined));
  // A lost connection that escapes its handler is logged; the process carries on.
  guardProcess(logger);
  // Supervising: this process opens the database (starting the embedded one once), migrates and
  // serves the API; the worker pools run in children on the same database.
  const runtime = await startRuntime(config, logger, supervising ? 'api' : mode);
  const workers = supervising
    ? startWorkerProcesses({
        count: workerProcesses,
        databaseUrl: runtime.deps.databaseUrl,
        logger,
        script: process.argv[1]!,
      })
    : undefined;
  await workers?.ready();
  logger.info(
    { url: runtime.url, mode, ...(workers ? { workerProcesses } : {}) },
    'crossroads runtime started',
  );
  if (label && process.send) process.send(READY_MESSAGE);
  if (mode !== 'worker') {
    const lines = [
      '',
      `  Crossroads is running at ${runtime.url}`,
      ...(runtime.adminKey
        ? [
            `  Admin API key (shown once, store it): ${runtime.adminKey}`,
            `  Sign in to the editor: ${runtime.url}/#key=${runtime.adminKey}`,
          ]
        : ['  Sign in with the admin API key printed on first boot (or set CROSSROADS_ADMIN_KEY).']),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    // Children first: their pools finish or release jobs while the database is still up.
    await workers?.stop();
    await runtime.stop();
    process.exit(0);
  };
  // Order matters: HTTP, worker, pool, then Postgres (runtime.stop does it in that order).
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A worker child whose parent is gone (even SIGKILLed) stops too: no orphan pools.
  if (label) process.on('disconnect', () => void shutdown('parent exited'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
