import { z } from 'zod';
import type { TransactionSql } from '../db/connect.js';

/** Task names this runtime's worker runs. */
export const TASKS = {
  advance: 'advance',
  deliverEmail: 'deliver-email',
  deliverHandoff: 'deliver-handoff',
  /** A contact import's rows (import/runImport.ts), resumable after its last committed batch. */
  importContacts: 'import-contacts',
  /** segment.entered events of contacts an import changed, through the normal ingest path. */
  importSegmentEntries: 'import-segment-entries',
  /** Exit rules (attribute changed, segment left) of journeys the contacts an import changed are in. */
  importExitRuleChanges: 'import-exit-rule-changes',
  enrolAlreadyIn: 'enrol-already-in-segment',
  seedSegmentClocks: 'seed-segment-clocks',
  /** One run of a scheduled trigger (ingest/scheduledRun.ts), keyed by workflow, version and slot. */
  scheduledRun: 'scheduled-run',
  /** Hourly (crontab): weekly partitions created ahead, those past RETENTION_DAYS dropped (operate/retention.ts). */
  retention: 'retention',
} as const;

/**
 * `advance`: run an enrollment from where it stands. `visit` is the visit the job expects: any
 * transition bumps it, so a job queued before that transition (a stale timeout, a retry after
 * the work committed) finds a different visit and does nothing.
 */
export const AdvanceItem = z.object({
  enrollmentId: z.string().regex(/^\d+$/),
  visit: z.number().int().min(0),
  /** Leave the parked node through this output; absent: run the current node. */
  output: z.string().optional(),
  /** `delivery`: the step's email or handoff settled (queued by the trigger of migration 180). */
  resumedBy: z.enum(['event', 'timeout', 'time', 'delivery']).optional(),
  /** Earlier tries of this walk that failed at an idempotent pack node (see packRetryDelay). */
  attempt: z.number().int().min(0).optional(),
});
export type AdvanceItem = z.infer<typeof AdvanceItem>;

/** Most enrollments one `advance` job walks (one transaction). */
export const ADVANCE_BATCH = 25;

/** One enrollment, or a batch of them walked in one transaction (enrollments made by one ingest). */
export const AdvancePayload = z.union([
  AdvanceItem,
  z.object({ batch: z.array(AdvanceItem).min(1).max(100) }),
]);
export type AdvancePayload = z.infer<typeof AdvancePayload>;

/** The items of an advance payload. */
export const advanceItems = (payload: AdvancePayload): AdvanceItem[] =>
  'batch' in payload ? payload.batch : [payload];

/** `advance` jobs for many items, `ADVANCE_BATCH` per job (at `runAt`, or at once). */
export function advanceJobs(items: readonly AdvanceItem[], runAt?: Date | string): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (let i = 0; i < items.length; i += ADVANCE_BATCH) {
    const chunk = items.slice(i, i + ADVANCE_BATCH);
    const payload = chunk.length === 1 ? chunk[0] : { batch: chunk };
    jobs.push(runAt ? { task: TASKS.advance, payload, runAt } : { task: TASKS.advance, payload });
  }
  return jobs;
}

/** `deliver-email` / `deliver-handoff`: one ledger row. */
export const DeliverPayload = z.object({ effectId: z.string().regex(/^\d+$/) });
export type DeliverPayload = z.infer<typeof DeliverPayload>;

/**
 * `enrol-already-in-segment`: enrol the contacts already in an activated version's trigger segments;
 * `seed-segment-clocks`: start the time clocks of its trigger segments (ingest/segmentClocks.ts).
 */
export const VersionJobPayload = z.object({
  workspaceId: z.string().uuid(),
  workflowId: z.string().uuid(),
  version: z.number().int().positive(),
});

/** `scheduled-run`: one run (a slot: its local wall time) of a version that starts on a schedule. */
export const ScheduledRunPayload = VersionJobPayload.extend({
  slot: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
});
export type ScheduledRunPayload = z.infer<typeof ScheduledRunPayload>;

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
