import type { AppDeps } from '../http/context.js';

export interface RunningWorker {
  stop(): Promise<void>;
}

/** Starts the Graphile Worker pool that runs journey steps and deliveries. */
export async function startWorker(_deps: AppDeps): Promise<RunningWorker> {
  return { stop: async () => {} };
}
