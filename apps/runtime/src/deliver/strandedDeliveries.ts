import type { Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';
import { counter } from '../metrics.js';
import { addJobs, TASKS } from '../queue/jobs.js';
import { LIVENESS_LOCK_CLASS, RESTART_GRACE } from '../queue/liveness.js';
import { type TracedEffect, traceDelivery } from './deliveryTrace.js';

const stranded = counter({
  name: 'crossroads_stranded_deliveries_total',
  help: 'Deliveries a crash left behind, found by the sweep',
  labelNames: ['kind', 'action'],
});

export interface StrandedSweep {
  /** Pending rows queued for delivery (nobody claimed them in time). */
  requeued: number;
  /** Emails found `sending` under a dead worker whose body had begun to go out: marked ambiguous, never resent. */
  ambiguous: number;
  /** Emails found `sending` under a dead worker before their body went out: back to pending, queued. */
  resent: number;
}

/**
 * Finds deliveries a crash left behind (deliveries run right after the walk that wrote them, in the
 * same job: see deliverNow.ts) and hands them on:
 * - an email or handoff still `pending`, never tried and never deferred (`attempts = 0`,
 *   `last_error is null`), written more than `pendingAfterMs` ago: its walk's job died before the
 *   delivery claimed it. A `deliver-*` job is queued (job key `deliver:<id>`, so sweeps never queue
 *   two); if the walk's delivery is merely slow, the claim decides and the job finds it taken;
 * - an email `sending` whose claiming worker pool is dead (its liveness lock is free): if its body
 *   had begun to go to the SMTP server (`smtp_data_at`), the server may have it: `ambiguous`, with a
 *   trace row, never resent; if not, the server cannot have it: back to `pending` and queued;
 * - a handoff claimed (`attempts > 0`, no `last_error`) by a dead pool: queued again. It is re-POSTed
 *   under the same webhook-id, which receivers dedupe (Standard Webhooks are at-least-once).
 * Rows of live pools (and, just after a Postgres restart, of pools presumed alive: RESTART_GRACE) and
 * rows with jobs of their own (retries, deferrals) are never touched.
 */
export async function sweepStrandedDeliveries(
  sql: Sql,
  logger: Logger,
  options: { pendingAfterMs?: number; limit?: number } = {},
): Promise<StrandedSweep> {
  const pendingAfter = `${(options.pendingAfterMs ?? 10_000) / 1000} seconds`;
  const limit = options.limit ?? 1000;
  return sql.begin(async (tx) => {
    const rows = await tx<{ id: string; kind: string; state: string; bodyWent: boolean }[]>`
      with live as (
        select objid::bigint as lock_id from pg_locks
        where locktype = 'advisory' and granted and classid = ${LIVENESS_LOCK_CLASS} and objsubid = 2
          and database = (select oid from pg_database where datname = current_database())
        union all
        select lock_id from worker_processes
        where started_at <= pg_postmaster_start_time()
          and pg_postmaster_start_time() > now() - ${RESTART_GRACE}::interval)
      -- Only an email has a body that may have reached its server; other kinds count as begun.
      -- The state and kind conditions are effects_undelivered's predicate (migration 251).
      select f.id, f.kind, f.state, (f.kind <> 'email' or f.smtp_data_at is not null) as body_went from effects f
      where f.state in ('pending', 'sending') and f.kind in ('email', 'handoff', 'contact-update')
        and f.created_at < now() - ${pendingAfter}::interval
        and (
          (f.state = 'pending' and f.attempts = 0 and f.last_error is null)
          or (f.claimed_by is not null and f.claimed_by not in (select lock_id from live)
              and (f.state = 'sending' or (f.kind <> 'email' and f.last_error is null)))
          -- claimed before its pool had registered (or before claims were recorded): by age
          or (f.state = 'sending' and f.claimed_by is null and f.updated_at < now() - interval '15 minutes')
        )
      order by f.created_at
      limit ${limit}
      for update of f skip locked`;
    if (rows.length === 0) return { requeued: 0, ambiguous: 0, resent: 0 };
    const interrupted = rows.filter((r) => r.state === 'sending' && r.bodyWent).map((r) => r.id);
    const beforeBody = rows.filter((r) => r.state === 'sending' && !r.bodyWent).map((r) => r.id);
    const requeue = rows.filter((r) => r.state !== 'sending');
    const resent: string[] = [];
    if (interrupted.length > 0) {
      const reason =
        'The delivery was interrupted while the SMTP server was receiving it (its worker died); not resent automatically';
      const marked = await tx<TracedEffect[]>`
        update effects set state = 'ambiguous', last_error = ${reason}, updated_at = now()
        where id = any(${interrupted}::bigint[]) and state = 'sending'
        returning id, workspace_id, idempotency_key, enrollment_id, workflow_id, version, node_id, contact_id`;
      for (const row of marked) {
        await traceDelivery(tx, row, 'ambiguous', { summary: `Email ambiguous: ${reason}` });
        stranded.inc({ kind: 'email', action: 'ambiguous' });
      }
    }
    if (beforeBody.length > 0) {
      // The server cannot have these: no byte of their body went out. Sent again under the same Message-ID.
      const back = await tx<{ id: string }[]>`
        update effects set state = 'pending', updated_at = now(),
          last_error = 'Interrupted before the message went to the SMTP server (its worker died); sent again'
        where id = any(${beforeBody}::bigint[]) and state = 'sending' and smtp_data_at is null
        returning id`;
      resent.push(...back.map((row) => String(row.id)));
      stranded.inc({ kind: 'email', action: 'resent' }, back.length);
    }
    await addJobs(tx, [
      ...requeue.map((r) => ({
        task: r.kind === 'email' ? TASKS.deliverEmail : TASKS.deliverHandoff,
        payload: { effectId: String(r.id) },
        jobKey: `deliver:${r.id}`,
      })),
      ...resent.map((id) => ({
        task: TASKS.deliverEmail,
        payload: { effectId: id },
        jobKey: `deliver:${id}`,
      })),
    ]);
    for (const r of requeue) stranded.inc({ kind: r.kind, action: 'requeued' });
    const result = { requeued: requeue.length, ambiguous: interrupted.length, resent: resent.length };
    logger.warn(result, 'found deliveries a crash left behind');
    return result;
  });
}
