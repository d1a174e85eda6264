import { type RenderJob, type RenderResult, renderHere } from './render-here.js';

/**
 * A render thread's task (bundled by render-pool.ts and run by piscina): a batch of templates,
 * rendered one after another. The pool's hard limit terminates the thread if the batch runs over.
 */
export default async function renderBatch(jobs: RenderJob[]): Promise<RenderResult[]> {
  const results: RenderResult[] = [];
  for (const job of jobs) results.push(await renderHere(job));
  return results;
}
