import { z } from 'zod';
import type { TransactionSql } from '../db/connect.js';

/** Task names this runtime's worker runs. */
export const TASKS = {
  advance: 'advance',
  deliverEmail: 'deliver-email',
  deliverHandoff: 'deliver-handoff',
} as const;

/**
 * `advance`: run an enrollment from where it stands. `visit` is the visit the job expects: any
 * transition bumps it, so a job queued before that transition (a stale timeout, a retry after
 * the work committed) finds a different visit and does nothing.
 */
export const AdvancePayload = z.object({
  enrollmentId: z.string().regex(/^\d+$/),
  visit: z.number().int().min(0),
  /** Leave the parked node through this output; absent: run the current node. */
  output: z.string().optional(),
  resumedBy: z.enum(['event', 'timeout', 'time']).optional(),
});
export type AdvancePayload = z.infer<typeof AdvancePayload>;

/** `deliver-email` / `deliver-handoff`: one ledger row. */
export const DeliverPayload = z.object({ effectId: z.string().regex(/^\d+$/) });
export type DeliverPayload = z.infer<typeof DeliverPayload>;

/** The job key of an enrollment's scheduled wake-up (a wait's end or an event wait's timeout). */
export const timeoutKey = (enrollmentId: string) => `timeout:${enrollmentId}`;

export interface JobSpec {
  task: string;
  payload: unknown;
  runAt?: Date | string;
  jobKey?: string;
  maxAttempts?: number;
}

/**
 * Adds jobs inside the caller's transaction with one `graphile_worker.add_jobs` call, so the jobs
 * exist exactly when the state that asked for them commits.
 */
export async function addJobs(tx: TransactionSql, specs: readonly JobSpec[]): Promise<void> {
  if (specs.length === 0) return;
  const rows = specs.map((spec) => ({
    identifier: spec.task,
    payload: spec.payload,
    run_at: spec.runAt === undefined ? null : new Date(spec.runAt).toISOString(),
    job_key: spec.jobKey ?? null,
    max_attempts: spec.maxAttempts ?? null,
  }));
  await tx`
    select 1 from graphile_worker.add_jobs(array(
      select row(x.identifier, x.payload::json, null, x.run_at, x.max_attempts, x.job_key, null, null)::graphile_worker.job_spec
      from jsonb_to_recordset(${tx.json(rows as never)})
        as x(identifier text, payload jsonb, run_at timestamptz, max_attempts smallint, job_key text)
    ))`;
}

/** Cancels scheduled wake-ups (a running one stays, and finds a stale visit). */
export async function removeTimeouts(tx: TransactionSql, enrollmentIds: readonly string[]): Promise<void> {
  if (enrollmentIds.length === 0) return;
  const keys = enrollmentIds.map(timeoutKey);
  await tx`select graphile_worker.remove_job(k) from unnest(${keys}::text[]) as k`;
}
