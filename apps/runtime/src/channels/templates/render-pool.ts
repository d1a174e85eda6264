import { createHash } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import pLimit from 'p-limit';
import { Piscina } from 'piscina';
import { counter, histogram } from '../../metrics.js';
import { TEMPLATE_LIMITS } from './engine.js';
import { limitError, type RenderJob, type RenderResult } from './render-here.js';

const stopped = counter({
  name: 'crossroads_template_threads_stopped_total',
  help: 'Render threads terminated because a batch ran over the hard limit or out of memory',
  labelNames: ['reason'],
});
const batchSeconds = histogram({
  name: 'crossroads_template_batch_seconds',
  help: 'Time to render one batch of templates in a render thread, queueing included',
});

/** Render threads per process: the other core(s), at most two; renders are short. */
export const RENDER_THREADS = Math.max(1, Math.min(2, availableParallelism()));

/** Templates sent to a thread together at most (a walk's emails are 3 fields × up to 25). */
const BATCH = 100;

let script: Promise<string> | undefined;

/**
 * render-thread.ts and liquidjs bundled into one CommonJS file under the system's temp folder,
 * named by its content: piscina loads workers from a file path, and a bundle loads the same under
 * tsx, vitest and plain node (a worker thread does not inherit vitest's TypeScript transform).
 */
function threadScript(): Promise<string> {
  script ??= (async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./render-thread.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text;
    if (!code) throw new Error('esbuild produced no render thread');
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    const path = join(tmpdir(), `crossroads-render-thread-${hash}.cjs`);
    const partial = `${path}.${process.pid}.${Date.now()}`;
    await writeFile(partial, code);
    await rename(partial, path);
    return path;
  })().catch((error: unknown) => {
    script = undefined;
    throw error;
  });
  return script;
}

let pool: Promise<Piscina> | undefined;
/** At most one batch per thread is handed to piscina, so a batch's clock starts when it runs. */
const running = pLimit(RENDER_THREADS);

function renderPool(): Promise<Piscina> {
  pool ??= threadScript().then(
    (filename) =>
      new Piscina({
        filename,
        minThreads: RENDER_THREADS,
        maxThreads: RENDER_THREADS,
        idleTimeout: 60_000,
        resourceLimits: { maxOldGenerationSizeMb: TEMPLATE_LIMITS.threadHeapMb },
      }),
  );
  return pool;
}

/** Stops the render threads (the runtime's shutdown); the next render starts them again. */
export async function stopRenderThreads(): Promise<void> {
  const current = pool;
  pool = undefined;
  await (await current?.catch(() => undefined))?.destroy();
}

/**
 * Characters of data a render would be given, counted until `limit` is passed (strings and keys by
 * length, other values as a few characters): cheap, and it never walks more than it must.
 */
export function dataSize(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') size += item.length + 2;
    else if (typeof item === 'number' || typeof item === 'boolean') size += 3;
    else if (item instanceof Date || typeof item !== 'object' || item === null) size += 8;
    else if (Array.isArray(item)) {
      // Each item counts at least 3 (its comma and 2): push no more than could fit.
      size += 2;
      const room = Math.min(item.length, Math.ceil((limit - size) / 3) + 1);
      for (let i = 0; i < room; i++) stack.push(item[i]);
      size += 3 * (item.length - room);
    } else {
      for (const [key, child] of Object.entries(item)) {
        size += key.length + 4;
        stack.push(child);
      }
    }
  }
  return size;
}

type Outcome = 'overrun' | 'out-of-memory' | 'crashed';

function whyStopped(error: unknown): Outcome {
  const code = (error as { code?: unknown; name?: unknown } | null)?.code;
  if ((error as { name?: unknown } | null)?.name === 'AbortError') return 'overrun';
  return code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'crashed';
}

/** The hard limit of a batch: its longest render limit plus TEMPLATE_LIMITS.hardGraceMs. */
const hardLimitMs = (jobs: RenderJob[]) =>
  Math.max(...jobs.map((job) => job.timeoutMs ?? TEMPLATE_LIMITS.renderMs)) + TEMPLATE_LIMITS.hardGraceMs;

const stoppedMessage = (why: Outcome, job: RenderJob | undefined) =>
  why === 'overrun'
    ? `rendering took longer than ${hardLimitMs(job ? [job] : []) / 1000} s and was stopped`
    : why === 'out-of-memory'
      ? `rendering used more than ${TEMPLATE_LIMITS.threadHeapMb} MB and was stopped`
      : 'rendering stopped unexpectedly';

/** One batch on a thread under the hard limit; the thread is terminated if it runs over. */
async function runBatch(jobs: RenderJob[]): Promise<RenderResult[]> {
  const threads = await renderPool();
  return running(async () => {
    const end = batchSeconds.startTimer();
    try {
      return (await threads.run(jobs, { signal: AbortSignal.timeout(hardLimitMs(jobs)) })) as RenderResult[];
    } finally {
      end();
    }
  });
}

/**
 * Renders a batch in the render threads. A batch that runs over is rendered again one template at
 * a time, so only the template that needs the time fails (with a `limit` error), the others render.
 */
async function renderBatch(jobs: RenderJob[]): Promise<RenderResult[]> {
  try {
    return await runBatch(jobs);
  } catch (error) {
    const why = whyStopped(error);
    stopped.inc({ reason: why });
    if (jobs.length > 1) return (await Promise.all(jobs.map((job) => renderBatch([job])))).flat();
    const field = jobs[0]?.field;
    const message = stoppedMessage(why, jobs[0]);
    return [
      why === 'crashed'
        ? { ok: false, error: { code: 'render', message, ...(field && { field }) } }
        : limitError(message, field),
    ];
  }
}

let waiting: Array<{ job: RenderJob; done: (result: RenderResult) => void }> = [];

function flush(): void {
  const queued = waiting;
  waiting = [];
  for (let i = 0; i < queued.length; i += BATCH) {
    const part = queued.slice(i, i + BATCH);
    renderBatch(part.map((q) => q.job)).then(
      (results) => {
        for (const [k, q] of part.entries()) q.done(results[k]!);
      },
      (error: unknown) => {
        const message = (error as Error).message;
        for (const q of part) q.done({ ok: false, error: { code: 'render', message } });
      },
    );
  }
}

/**
 * Renders one template in a render thread, never on the event loop. Renders asked for in the same
 * turn of the event loop (a walk's emails, a preview's fields) go to a thread as one batch, so the
 * hop is paid once. Data larger than TEMPLATE_LIMITS.dataChars is refused before it is copied.
 */
export function renderInThread(job: RenderJob): Promise<RenderResult> {
  if (dataSize(job.vars, TEMPLATE_LIMITS.dataChars) > TEMPLATE_LIMITS.dataChars)
    return Promise.resolve(
      limitError(
        `the data given to the template is larger than ${TEMPLATE_LIMITS.dataChars.toLocaleString('en')} characters`,
        job.field,
      ),
    );
  return new Promise((done) => {
    if (waiting.length === 0) setImmediate(flush);
    waiting.push({ job, done });
  });
}
