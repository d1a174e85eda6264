import type { RetryingStep, RetryOption } from '@crossroads/api';
import type { Registry } from '@crossroads/nodes';
import { recordAudit } from '../access/audit.js';
import type { Queryable, Sql } from '../db/connect.js';
import { resendEmail } from '../deliver/emailResend.js';
import { retryHandoff } from '../deliver/handoffRetry.js';
import { addJobs, TASKS } from '../queue/jobs.js';

/** What an enrollment row says about its step, for deciding what a retry does. */
export interface StepState {
  state: string;
  nodeId: string;
  endedAt: Date | null;
  error: string | null;
  retry: RetryingStep | null;
  /** The step's node type (its last trace row), when known. */
  nodeType: string | null;
  /** A step parked on its delivery: the effect and its state. */
  delivery: { id: string; kind: string; state: string } | null;
}

/** Effects an operator may send again (see emailResend / handoffRetry). */
const REDELIVERABLE = new Set(['ambiguous', 'failed', 'dead']);

/**
 * What a retry of this enrollment would do now, or null when there is nothing to retry: a failed
 * journey runs its failed step again; a step waiting on an ambiguous or failed email (or a dead
 * handoff) sends it again; a step the runtime is retrying runs now. The warning says when the step
 * may already have done its work: its node declares itself not idempotent (a post to Slack).
 *
 * @example
 * ```ts
 * retryOption(row, registry); // { kind: 'step', nodeId: 'notify', warning: 'Post to Slack may already have…' }
 * ```
 */
export function retryOption(row: StepState, registry: Registry): RetryOption | null {
  const definition = row.nodeType ? registry.latest(row.nodeType) : undefined;
  const warning =
    definition?.idempotent === false
      ? `'${definition.title}' may already have done its work before it failed (it is not safe to repeat): retrying may do it twice.`
      : null;
  if (row.state === 'failed') return { kind: 'step', nodeId: row.nodeId, warning };
  if (row.endedAt) return null;
  if (row.state === 'active' && row.retry)
    return { kind: 'now', nodeId: row.retry.nodeId ?? row.nodeId, warning };
  if (row.state === 'waiting' && row.delivery && REDELIVERABLE.has(row.delivery.state)) {
    const ambiguous = row.delivery.state === 'ambiguous';
    return {
      kind: 'delivery',
      nodeId: row.nodeId,
      warning: ambiguous
        ? 'The email may have reached the contact before the connection broke: sending again may deliver it twice.'
        : null,
    };
  }
  return null;
}

/**
 * The step state of enrollments, by id: their row, the node type of their current step and the
 * effect a delivery-parked step waits for. One query for many enrollments (the contact page).
 */
export async function stepStates(sql: Queryable, workspaceId: string, ids: string[]) {
  const rows = await sql<(StepState & { id: string; workflowId: string; visit: number })[]>`
    select e.id::text, e.workflow_id, e.visit, e.state, e.node_id, e.ended_at, e.error, e.retry,
           (select s.node_type from journey_steps s where s.enrollment_id = e.id and s.node_id = e.node_id
             order by s.id desc limit 1) as node_type,
           (select jsonb_build_object('id', f.id::text, 'kind', f.kind, 'state', f.state) from effects f
             where f.idempotency_key = e.wait_delivery ->> 'effect') as delivery
    from enrollments e
    where e.workspace_id = ${workspaceId} and e.id = any(${ids}::bigint[])`;
  return new Map(rows.map((row) => [row.id, row]));
}

export type RetryOutcome =
  | { ok: true; kind: RetryOption['kind']; nodeId: string; state: string }
  | { ok: false; reason: 'missing' }
  | { ok: false; reason: 'nothing'; state: string }
  | { ok: false; reason: 're-entered' };

const WHY = { step: 'failed', now: 'retrying' } as const;

/**
 * `POST /v1/enrollments/:id/retry`: resumes a contact's journey from its failed, ambiguous or
 * retrying step (see `retryOption`), audited, with a trace row saying who retried. A failed journey
 * is reopened at the step that failed, with a new visit, and its `advance` job runs the step again;
 * a retrying step's scheduled try becomes stale (the visit moves on) and it runs now; a delivery is
 * sent again through the ledger's own resend/retry, and its settling wakes the parked step.
 *
 * @example
 * ```ts
 * const outcome = await retryStep(sql, registry, workspaceId, '42', actorOf(auth));
 * if (!outcome.ok && outcome.reason === 'nothing') throw conflict(`The journey is ${outcome.state}`);
 * ```
 */
export async function retryStep(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  id: string,
  actor: string,
): Promise<RetryOutcome> {
  type Redeliver = { redeliver: { row: StepState; option: RetryOption } };
  const outcome: RetryOutcome | Redeliver = await sql.begin(async (tx): Promise<RetryOutcome | Redeliver> => {
    await tx`select id from enrollments where id = ${id} and workspace_id = ${workspaceId} for update`;
    const row = (await stepStates(tx, workspaceId, [id])).get(id);
    if (!row) return { ok: false, reason: 'missing' } as const;
    const option = retryOption(row, registry);
    if (!option) return { ok: false, reason: 'nothing', state: row.state } as const;
    if (option.kind === 'delivery') return { redeliver: { row, option } };
    if (option.kind === 'step') {
      // A contact that entered the journey again since (re-entry after exit) keeps that enrollment.
      const [again] = await tx`
        select 1 from enrollments o
        where o.workflow_id = ${row.workflowId} and o.contact_id = (select contact_id from enrollments where id = ${id})
          and o.id <> ${id} and o.ended_at is null and o.reentry = 'after-exit'`;
      if (again) return { ok: false, reason: 're-entered' } as const;
    }
    const [woken] = await tx<{ visit: number; contactId: string; version: number }[]>`
      update enrollments set state = 'active', ended_at = null, error = null, retry = null, visit = visit + 1
      where id = ${id}
      returning visit, contact_id, version`;
    const attempt = option.kind === 'now' && row.retry ? { attempt: Math.max(0, row.retry.attempt - 1) } : {};
    await addJobs(tx, [
      { task: TASKS.advance, payload: { enrollmentId: id, visit: woken!.visit, ...attempt } },
    ]);
    const previous = option.kind === 'step' ? row.error : row.retry?.error;
    await tx`
      insert into journey_steps (workspace_id, enrollment_id, workflow_id, version, contact_id, node_id, node_type,
                                 visit, output, decision, reason)
      values (${workspaceId}, ${id}, ${row.workflowId}, ${woken!.version}, ${woken!.contactId}, ${option.nodeId},
              ${row.nodeType ?? 'unknown'}, ${woken!.visit}, null,
              ${tx.json({ retried: { by: actor, was: WHY[option.kind] } })},
              ${tx.json({ summary: `Retried by ${actor}${previous ? ` after: ${previous.slice(0, 500)}` : ''}` })})`;
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'enrollment.retried',
      workflowId: row.workflowId,
      subject: id,
      details: { kind: option.kind, nodeId: option.nodeId, was: WHY[option.kind], error: previous ?? null },
    });
    return { ok: true, kind: option.kind, nodeId: option.nodeId, state: 'active' } as const;
  });
  if (!('redeliver' in outcome)) return outcome;
  // Sent again through the ledger (audited there); its settling wakes the parked step.
  const { row, option } = outcome.redeliver;
  const effect = row.delivery!;
  const sent =
    effect.kind === 'email'
      ? await resendEmail(sql, workspaceId, effect.id, actor)
      : await retryHandoff(sql, workspaceId, effect.id, actor);
  if (!sent.ok) return { ok: false, reason: 'nothing', state: row.state };
  return { ok: true, kind: option.kind, nodeId: option.nodeId, state: row.state };
}
