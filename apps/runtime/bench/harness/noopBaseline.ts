import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import type { Sql } from '../../src/db/connect.js';
import { until } from './stats.js';
import { ENGINE_CONCURRENCY, engineWorkerSettings } from './workerSettings.js';

export interface NoopBaseline {
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
}

/**
 * Raw Graphile Worker throughput on this database: queue `jobs` no-op jobs with `addJobs`, then
 * start a pool with the engine's settings and time until the queue is empty.
 *
 * @example
 * const { jobsPerSecond } = await noopBaseline(cluster.url, sql, 20_000);
 */
export async function noopBaseline(
  connectionString: string,
  sql: Sql,
  jobs: number,
  concurrency = ENGINE_CONCURRENCY,
  /** Pool settings; default the engine's (bestWorkerSettings: Graphile Worker's documented best). */
  settings: ReturnType<typeof engineWorkerSettings> = engineWorkerSettings(concurrency),
): Promise<NoopBaseline> {
  const silent = new Logger(() => () => {});
  const utils = await makeWorkerUtils({ connectionString, logger: silent });
  for (let from = 0; from < jobs; from += 10_000) {
    const count = Math.min(10_000, jobs - from);
    await utils.addJobs(
      Array.from({ length: count }, (_, i) => ({ identifier: 'noop', payload: { i: from + i } })),
    );
  }
  await utils.release();
  const started = performance.now();
  const runner = await run({
    connectionString,
    taskList: { noop: async () => {} },
    noHandleSignals: true,
    logger: silent,
    ...settings,
  });
  await until(
    'no-op queue drained',
    async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from graphile_worker._private_jobs where task_id =
          (select id from graphile_worker._private_tasks where identifier = 'noop')`;
      return row?.n === 0;
    },
    10 * 60_000,
    20,
  );
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return { jobs, seconds, jobsPerSecond: jobs / seconds };
}
