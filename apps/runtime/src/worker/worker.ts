import { EventEmitter } from 'node:events';
import {
  Logger as GraphileLogger,
  type Runner,
  run,
  type TaskList,
  type WorkerEvents,
} from 'graphile-worker';
import type { z } from 'zod';
import { closeQuietDraftSessions } from '../authoring/draftSessions.js';
import type { BackoffOptions } from '../channels/index.js';
import { connect } from '../db/connect.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { deliverEmail } from '../deliver/deliverEmail.js';
import { deliverHandoff } from '../deliver/deliverHandoff.js';
import { createDeliverNow } from '../deliver/deliverNow.js';
import { type Mailer, startMailer } from '../deliver/mailer.js';
import { sweepStrandedDeliveries } from '../deliver/strandedDeliveries.js';
import type { AppDeps } from '../deps.js';
import { importTasks } from '../import/tasks.js';
import { recordCaughtReply } from '../ingest/replies.js';
import { planScheduledRuns } from '../ingest/schedulePlan.js';
import { sweepSegmentClocks } from '../ingest/segmentClockSweep.js';
import { histogram } from '../metrics.js';
import { AdvancePayload, advanceItems, DeliverPayload, TASKS } from '../queue/jobs.js';
import { type Liveness, registerWorkerPool, sweepDeadWorkers } from '../queue/liveness.js';
import { endStalledSessions } from '../queue/stalledSessions.js';
import { advanceEnrollments } from '../walk/advanceEnrollments.js';
import { guardrailMonitor } from './guardrailMonitor.js';
import { MAINTENANCE_CRONTAB, maintenanceTasks } from './maintenanceTasks.js';
import { segmentTasks } from './segmentTasks.js';

export interface RunningWorker {
  /** Stops taking jobs, finishes in-flight ones, returns locally queued ones, then releases. */
  stop(): Promise<void>;
  /** Graphile Worker's pool id (what `locked_by` says for this worker's jobs). */
  poolId: string;
}

export interface WorkerOptions {
  /** How often the dead-worker sweeper runs (jittered ±50 %). */
  sweepEveryMs?: number;
  /** Backoff of transient SMTP failures (tests shorten it); default EMAIL_RETRY. */
  emailRetry?: BackoffOptions;
  /** Multiplies the CRM webhook retry schedule (~24 h); tests use a small fraction. Default 1. */
  webhookRetryScale?: number;
  /** How often jobs scheduled for later are looked for (new jobs arrive by LISTEN at once). Default 1000. */
  pollIntervalMs?: number;
  /** How long a delivery may sit unclaimed after its walk before a sweep queues it. Default 10 s. */
  strandedAfterMs?: number;
}

/**
 * Starts the Graphile Worker pool that runs journey steps (`advance`) and deliveries
 * (`deliver-email`, `deliver-handoff`), registers it as alive, and sweeps for dead workers.
 * Jobs are thin: assert the payload, call one function.
 */
export async function startWorker(deps: AppDeps, options: WorkerOptions = {}): Promise<RunningWorker> {
  const { config, logger, registry } = deps;
  const concurrency = config.WORKER_CONCURRENCY;
  // Our own pool: each running job holds one connection for its transaction.
  const sql = connect(deps.databaseUrl, { max: concurrency + 2 });
  // A reply the local catcher takes becomes an `email.replied` event (ingest).
  const mailer: Mailer = await startMailer({
    sql,
    config,
    logger,
    onCaught: (message) => recordCaughtReply(sql, registry, message),
  });
  // Claims record the pool that made them, so a sweep tells a dead claimant from a slow one.
  let liveness: Liveness | undefined;
  const claimant = () => liveness?.lockId ?? null;
  const deliverDeps = {
    sql,
    mailer,
    logger,
    publicUrl: config.publicUrl,
    emailRetry: options.emailRetry,
    claimant,
  };
  const handoffDeps = {
    sql,
    logger,
    allowLoopback: config.CROSSROADS_ALLOW_LOOPBACK_URLS,
    webhookRetryScale: options.webhookRetryScale,
    claimant,
  };
  const deliverNow = createDeliverNow({
    email: deliverDeps,
    handoff: handoffDeps,
    logger,
    limit: concurrency,
  });

  // A payload that does not parse (queued by other code) cannot succeed on retry: log and drop it.
  const parse = <T>(task: string, schema: z.ZodType<T>, payload: unknown): T | undefined => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success)
      logger.error({ task, payload, issues: parsed.error.issues }, 'dropping a malformed job');
    return parsed.success ? parsed.data : undefined;
  };
  const taskList: TaskList = timed({
    [TASKS.advance]: async (payload: unknown) => {
      const parsed = parse(TASKS.advance, AdvancePayload, payload);
      if (!parsed) return;
      const { effects } = await advanceEnrollments(sql, registry, advanceItems(parsed));
      await deliverNow(effects);
    },
    [TASKS.deliverEmail]: async (payload: unknown) => {
      const parsed = parse(TASKS.deliverEmail, DeliverPayload, payload);
      if (parsed) await deliverEmail(deliverDeps, parsed.effectId);
    },
    [TASKS.deliverHandoff]: async (payload: unknown) => {
      const parsed = parse(TASKS.deliverHandoff, DeliverPayload, payload);
      if (parsed) await deliverHandoff(handoffDeps, parsed.effectId);
    },
    ...importTasks({ sql, registry, logger }),
    ...segmentTasks(sql, registry, logger, parse),
    ...maintenanceTasks(sql, config, logger),
  });

  /** One Graphile Worker pool with its liveness registration. */
  const startPool = async () => {
    const events: WorkerEvents = new EventEmitter();
    let poolId: string | undefined;
    events.on('pool:create', ({ workerPool }) => {
      poolId = workerPool.id;
    });
    events.on('job:error', ({ job, error }) => {
      logger.warn({ err: error, task: job.task_identifier, jobId: job.id }, 'job failed; it will be retried');
    });
    // Graphile Worker 0.17.3 can hang in its shutdown forever: after two failed batches of job
    // completions (the database went away) its batcher's pending count goes negative and
    // `release()` never resolves (its retry loop never retries either: graphile/worker#636), so
    // `runner.promise` never settles. Only that release is left once a shutdown reports its end, so
    // a pool not gone 3 s later is replaced anyway (and one still shutting down after 20 s).
    const hung = new Promise<Error>((resolve) => {
      const after = (ms: number) => () => {
        setTimeout(() => resolve(new Error(`the pool's shutdown hung (Graphile Worker)`)), ms).unref();
      };
      events.once('pool:gracefulShutdown', after(POOL_SHUTDOWN_HANG_MS));
      events.once('pool:gracefulShutdown:complete', after(3000));
      events.once('pool:forcefulShutdown:complete', after(3000));
      events.once('pool:forcefulShutdown:error', after(3000));
    });
    const runner: Runner = await run({
      connectionString: deps.databaseUrl,
      concurrency,
      noHandleSignals: true,
      pollInterval: options.pollIntervalMs ?? 1000,
      taskList,
      crontab: MAINTENANCE_CRONTAB,
      events,
      logger: graphileLogger(logger),
      preset: {
        worker: {
          maxPoolSize: Math.max(4, Math.ceil(concurrency / 2) + 2),
          localQueue: { size: Math.max(2, concurrency) },
          completeJobBatchDelay: 0,
          failJobBatchDelay: 0,
        },
      },
    });
    if (!poolId) throw new Error('Graphile Worker did not report its pool id');
    const registered = await registerWorkerPool(deps.databaseUrl, poolId, logger);
    liveness = registered;
    return { runner, poolId, liveness: registered, hung };
  };

  let stopping = false;
  let current = await startPool();
  // Graphile Worker 0.17 shuts its pool down when the database goes away (e.g. a Postgres restart).
  // The process stays up: a new pool starts once the database is back, and the old pool's locked
  // jobs are released at once (they are ours, so there is no need to wait for a sweep).
  const supervise = (pool: typeof current) => {
    Promise.race([pool.runner.promise.then(() => undefined), pool.hung]).then(
      (error) => restart(pool, error),
      (error: unknown) => restart(pool, error),
    );
  };
  const restart = async (pool: typeof current, error: unknown) => {
    if (stopping) return;
    logger.error({ err: error, poolId: pool.poolId }, 'the worker pool stopped; starting a new one');
    await pool.liveness.release().catch(() => {});
    for (let attempt = 0; !stopping; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 250 * 2 ** attempt)));
      if (stopping) return;
      try {
        await sql`select graphile_worker.force_unlock_workers(${[pool.poolId]}::text[])`;
        current = await startPool();
        supervise(current);
        logger.info({ poolId: current.poolId }, 'worker pool started again');
        return;
      } catch (startError) {
        logger.warn({ err: startError, attempt }, 'could not start a new worker pool yet');
      }
    }
  };
  supervise(current);

  const sweepEvery = options.sweepEveryMs ?? 3000;
  let timer: NodeJS.Timeout | undefined;
  const checkGuardrails = guardrailMonitor(sql, logger);
  const sweep = () => {
    timer = setTimeout(
      async () => {
        await current.liveness
          .ensure()
          .then(() => sweepDeadWorkers(sql, logger))
          .then(() => endStalledSessions(sql, logger))
          .then(() => sweepStrandedDeliveries(sql, logger, { pendingAfterMs: options.strandedAfterMs }))
          .then(() => closeQuietDraftSessions(sql, registry, logger))
          .then(() => sweepSegmentClocks(sql, registry))
          .then(checkGuardrails)
          // Last: a run planned a few seconds late starts late by as much, nothing else waits on it.
          .then(() => planScheduledRuns(sql, registry))
          .catch((error) => logger.warn({ err: error }, 'dead-worker sweep failed'));
        if (!stopping) sweep();
      },
      sweepEvery * (0.5 + Math.random()),
    );
  };
  sweep();
  logger.info({ poolId: current.poolId, concurrency }, 'worker started');

  return {
    get poolId() {
      return current.poolId;
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await current.runner
        .stop()
        .catch((error) => logger.warn({ err: error }, 'worker pool stopped with an error'));
      await current.liveness.release().catch(() => {});
      await mailer.close();
      await sql.end({ timeout: 5 });
    },
  };
}

const jobSeconds = histogram({
  name: 'crossroads_engine_job_seconds',
  help: 'Time per job by task',
  labelNames: ['task', 'outcome'],
});

/** A healthy pool shuts down within ~15 s (jobs' outage retries, then Graphile's 5 s abort and 5 s forceful stop). */
const POOL_SHUTDOWN_HANG_MS = 20_000;

/** Waits before each retry of a job that met an unavailable database (about 10 s in all). */
const OUTAGE_RETRIES_MS = [250, 500, 1000, 2000, 2000, 2000, 2000];

/**
 * Wraps each task with a per-task duration metric, and rides out short database outages inside
 * the job (every task is idempotent: visits and the ledger make a rerun a no-op). Failing instead
 * would push the job into Graphile Worker's exponential backoff, a minute or more after a restart.
 */
function timed(tasks: Record<string, (payload: unknown) => Promise<void>>): TaskList {
  const out: TaskList = {};
  for (const [task, run] of Object.entries(tasks)) {
    out[task] = async (payload: unknown) => {
      const end = jobSeconds.startTimer({ task });
      for (let attempt = 0; ; attempt++) {
        try {
          await run(payload);
          end({ outcome: 'ok' });
          return;
        } catch (error) {
          const wait = OUTAGE_RETRIES_MS[attempt];
          if (wait === undefined || !isDatabaseUnavailable(error)) {
            end({ outcome: 'error' });
            throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    };
  }
  return out;
}

function graphileLogger(logger: AppDeps['logger']) {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    if (level === 'error') logger.error(fields, message);
    else if (level === 'warning') logger.warn(fields, message);
    else if (level === 'info') logger.debug(fields, message);
    else logger.trace(fields, message);
  });
}
