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
import type { RenderTask } from './render-thread.js';
import { ownThreadCpu, TICK_MS, threadTicks } from './thread-cpu.js';

/** Whether thread CPU can be read here (Linux /proc); else the hard limit is in wall time. */
const procAvailable = ownThreadCpu() !== undefined;

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

/**
 * Bundles the thread script and starts the threads ahead of the first send (a worker's start), so
 * the first emails after a start do not wait for esbuild and two thread boots (~0.3 s on 2 cores).
 */
export async function startRenderThreads(): Promise<void> {
  const threads = await renderPool();
  await Promise.all(
    Array.from({ length: RENDER_THREADS }, () =>
      threads.run({ jobs: [], started: new Int32Array(new SharedArrayBuffer(12)) } satisfies RenderTask),
    ),
  );
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

type Outcome = 'overrun' | 'stalled' | 'out-of-memory' | 'crashed';

/** A batch that has not finished after this long (its thread got no CPU, or hangs) is stopped too. */
const WALL_BACKSTOP_MS = 30_000;

/** The hard limit of a batch: its longest render limit plus TEMPLATE_LIMITS.hardGraceMs. */
const hardLimitMs = (jobs: RenderJob[]) =>
  Math.max(...jobs.map((job) => job.timeoutMs ?? TEMPLATE_LIMITS.renderMs)) + TEMPLATE_LIMITS.hardGraceMs;

const stoppedMessage = (why: Outcome, job: RenderJob | undefined) => {
  switch (why) {
    case 'overrun':
      return `rendering took more than ${hardLimitMs(job ? [job] : []) / 1000} s of CPU and was stopped`;
    case 'stalled':
      return `rendering did not finish within ${WALL_BACKSTOP_MS / 1000} s and was stopped`;
    case 'out-of-memory':
      return `rendering used more than ${TEMPLATE_LIMITS.threadHeapMb} MB and was stopped`;
    default:
      return 'rendering stopped unexpectedly';
  }
};

class Stopped extends Error {
  constructor(
    readonly why: Outcome,
    /** The template being rendered when the thread was stopped, when the thread had said. */
    readonly culprit?: number,
  ) {
    super(why);
  }
}

/**
 * One batch on a thread under the hard limit, counted in the thread's own CPU time (Linux /proc),
 * so a busy machine that gives the thread no core never fails a template; where /proc is missing,
 * in wall time. Over it, piscina terminates the thread.
 */
async function runBatch(jobs: RenderJob[]): Promise<RenderResult[]> {
  const threads = await renderPool();
  return running(async () => {
    const end = batchSeconds.startTimer();
    const limitMs = hardLimitMs(jobs);
    const started = new Int32Array(new SharedArrayBuffer(12));
    const stop = new AbortController();
    const startedAt = performance.now();
    const watch = setInterval(() => {
      const tid = Atomics.load(started, 0);
      const ticks = tid === 0 ? undefined : threadTicks(tid);
      const usedMs =
        ticks === undefined
          ? tid === 0 && !procAvailable
            ? performance.now() - startedAt
            : 0
          : (ticks - Atomics.load(started, 1)) * TICK_MS;
      const culprit = tid === 0 ? undefined : Atomics.load(started, 2);
      if (usedMs > limitMs) stop.abort(new Stopped('overrun', culprit));
      else if (performance.now() - startedAt > WALL_BACKSTOP_MS) stop.abort(new Stopped('stalled', culprit));
    }, 50);
    try {
      return (await threads.run({ jobs, started } satisfies RenderTask, {
        signal: stop.signal,
      })) as RenderResult[];
    } catch (error) {
      throw stop.signal.aborted ? stop.signal.reason : error;
    } finally {
      clearInterval(watch);
      end();
    }
  });
}

/**
 * Renders a batch in the render threads. When a batch runs over, the template the thread was on
 * fails (a `limit` error naming its field) and the others are rendered again without it.
 */
async function renderBatch(jobs: RenderJob[]): Promise<RenderResult[]> {
  try {
    return await runBatch(jobs);
  } catch (error) {
    const why: Outcome =
      error instanceof Stopped
        ? error.why
        : (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? 'out-of-memory'
          : 'crashed';
    stopped.inc({ reason: why });
    const failed = (job: RenderJob | undefined): RenderResult => {
      const message = stoppedMessage(why, job);
      const field = job?.field;
      return why === 'crashed'
        ? { ok: false, error: { code: 'render', message, ...(field && { field }) } }
        : limitError(message, field);
    };
    // The template the thread was on is to blame; the others are rendered again without it.
    const culprit = error instanceof Stopped ? error.culprit : undefined;
    if (jobs.length === 1) return [failed(jobs[0])];
    if (culprit === undefined) return (await Promise.all(jobs.map((job) => renderBatch([job])))).flat();
    const others = jobs.filter((_, index) => index !== culprit);
    const rendered = await renderBatch(others);
    return jobs.map((job, index) =>
      index === culprit ? failed(job) : rendered[index < culprit ? index : index - 1]!,
    );
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
