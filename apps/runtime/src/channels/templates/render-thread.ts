import { type RenderJob, type RenderResult, renderHere } from './render-here.js';
import { ownThreadCpu } from './thread-cpu.js';

/** A batch for a render thread; `started` is where the thread says which it is and its CPU so far. */
export interface RenderTask {
  jobs: RenderJob[];
  /**
   * [thread id, CPU ticks at the start of the batch] (Linux), written when the batch starts, and
   * [2] the index of the template being rendered: the one to blame if the thread is stopped.
   */
  started: Int32Array;
}

/**
 * A render thread's task (bundled by render-pool.ts and run by piscina): a batch of templates,
 * rendered one after another. It first says which thread it is and how much CPU that thread has
 * used, so the pool can terminate it when the batch uses more than its limit of CPU.
 */
export default async function renderBatch({ jobs, started }: RenderTask): Promise<RenderResult[]> {
  const cpu = ownThreadCpu();
  if (cpu) {
    Atomics.store(started, 1, cpu.ticks);
    Atomics.store(started, 0, cpu.tid);
  }
  const results: RenderResult[] = [];
  for (const [index, job] of jobs.entries()) {
    Atomics.store(started, 2, index);
    results.push(await renderHere(job));
  }
  return results;
}
