import type { RunnerOptions } from 'graphile-worker';

/**
 * The Graphile Worker settings of the engine's pool (src/worker/worker.ts, `startWorker`) for a
 * given concurrency, so the no-op baseline runs exactly as the engine does. Keep in sync: the
 * engine does not export them (yet).
 */
export function engineWorkerSettings(
  concurrency: number,
): Pick<RunnerOptions, 'concurrency' | 'pollInterval' | 'preset'> {
  return {
    concurrency,
    pollInterval: 1000,
    preset: {
      worker: {
        maxPoolSize: Math.max(4, Math.ceil(concurrency / 2) + 2),
        localQueue: { size: Math.max(2, concurrency) },
        completeJobBatchDelay: 0,
        failJobBatchDelay: 0,
      },
    },
  };
}

/** The engine's default concurrency (config WORKER_CONCURRENCY). */
export const ENGINE_CONCURRENCY = 10;

/**
 * Graphile Worker's documented best throughput settings (worker.graphile.org/docs/performance,
 * "Quick stats": concurrentJobs 24, maxPoolSize 25, localQueue size 500, completeJobBatchDelay 0
 * and failJobBatchDelay 0; prepared statements on and database time, the defaults). Its perf test
 * runs 4 such processes; here one, like the runtime it is compared with (`WORKER_PROCESSES=1`).
 */
export function bestWorkerSettings(): Pick<RunnerOptions, 'concurrency' | 'pollInterval' | 'preset'> {
  return {
    concurrency: 24,
    pollInterval: 2000,
    preset: {
      worker: {
        maxPoolSize: 25,
        localQueue: { size: 500 },
        completeJobBatchDelay: 0,
        failJobBatchDelay: 0,
        preparedStatements: true,
        useNodeTime: false,
      },
    },
  };
}
