import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { guardProcess } from './processGuards.js';
import { type RuntimeMode, startRuntime } from './start.js';

const USAGE = `Usage: runtime <all|api|worker>
  all     API, worker pool and (without DATABASE_URL) embedded Postgres in one process (pnpm start)
  api     only the HTTP API (run any number against one Postgres)
  worker  only the Graphile Worker pool (run any number against one Postgres)`;

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
  const logger = createLogger(config.LOG_LEVEL);
  // A lost connection that escapes its handler is logged; the process carries on.
  guardProcess(logger);
  const runtime = await startRuntime(config, logger, mode);
  logger.info({ url: runtime.url, mode }, 'crossroads runtime started');
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
    await runtime.stop();
    process.exit(0);
  };
  // Order matters: HTTP, worker, pool, then Postgres (runtime.stop does it in that order).
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
