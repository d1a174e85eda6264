import type { JourneyStep, Park } from '@crossroads/nodes';
import type { TransactionSql } from '../db/connect.js';
import type { WrittenEffect } from '../deliver/deliverNow.js';
import { SHARED_EMAIL_KEYS } from '../deliver/ledgerParts.js';
import type { PreparedContactUpdate, PreparedEmail, PreparedHandoff } from '../deliver/renderEffect.js';
import { counter } from '../metrics.js';
import { type AdvanceItem, addJobs, type JobSpec, TASKS, timeoutKey } from '../queue/jobs.js';
import type { EnrollmentRow } from './walkInputs.js';

/** What the walk decided for delivery, stored with the effect (`effects.prepared`). */
export type PreparedEffect = PreparedEmail | PreparedHandoff | PreparedContactUpdate;

/** Everything one walk writes; a batch writes all of them with one statement per table. */
export interface Writes {
  steps: Record<string, unknown>[];
  effects: Record<string, unknown>[];
  updates: Record<string, unknown>[];
  jobs: JobSpec[];
  /** Enrollments whose step will be tried again: `{ id, retry }` (what the trace shows meanwhile). */
  retries: Record<string, unknown>[];
  /** Ends of duration waits, by wake-up time and output: one `advance` job for each group. */
  wakeups: Map<string, { runAt: string; items: AdvanceItem[] }>;
}

/** An empty batch of writes. */
export const newWrites = (): Writes => ({
  steps: [],
  effects: [],
  updates: [],
  jobs: [],
  retries: [],
  wakeups: new Map(),
});

const stepsRun = counter({
  name: 'crossroads_engine_steps_total',
  help: 'Journey steps (trace rows) written',
  labelNames: ['node_type'],
});
const END_STATE = { completed: 'completed', filtered: 'exited', failed: 'failed' } as const;

/** Adds one walk's trace rows, ledger rows, enrollment update and next job to the batch. */
export function collect(
  writes: Writes,
  row: EnrollmentRow,
  park: Park,
  steps: JourneyStep[],
  prepared: ReadonlyArray<PreparedEffect | null | undefined> = [],
) {
  const visit = row.visit + 1;
  const id = String(row.id);
  const base = {
    workspace_id: row.workspaceId,
    enrollment_id: id,
    workflow_id: row.workflowId,
    version: row.version,
    contact_id: row.contactId,
  };
  const repeats = new Map<string, number>();
  let lastEffectKey: string | undefined;
  for (const [index, step] of steps.entries()) {
    stepsRun.inc({ node_type: step.nodeType });
    writes.steps.push({
      ...base,
      node_id: step.nodeId,
      node_type: step.nodeType,
      visit,
      output: step.output,
      decision: step.decision,
      reason: step.reason,
    });
    if (!step.effect) continue;
    // Key (enrollment, node, visit); a node run twice in one walk (a loop) gets a repeat suffix.
    const repeat = repeats.get(step.nodeId) ?? 0;
    repeats.set(step.nodeId, repeat + 1);
    lastEffectKey = `${id}:${step.nodeId}:${visit}${repeat > 0 ? `.${repeat}` : ''}`;
    writes.effects.push({
      ...base,
      key: lastEffectKey,
      node_id: step.nodeId,
      kind: step.effect.kind,
      payload: { ...step.effect, eventId: row.eventId },
      prepared: prepared[index] ?? null,
      // A change nobody syncs has nothing left to deliver.
      state: step.effect.kind === 'contact-update' && step.effect.syncToCrm !== true ? 'sent' : null,
    });
  }
  if (park.kind === 'end') {
    writes.updates.push({
      id,
      state: END_STATE[park.outcome],
      node_id: steps.at(-1)?.nodeId ?? row.nodeId,
      visit,
      ended: true,
      error: park.error ?? null,
      wait_event: null,
      wait_until: null,
      wait_delivery: null,
    });
    return;
  }
  if (park.kind === 'delivery') {
    // The effect's delivery wakes it (trigger of migration 180): along `next`, or "on error".
    writes.updates.push({
      id,
      state: 'waiting',
      node_id: park.nodeId,
      visit,
      ended: false,
      error: null,
      wait_event: null,
      wait_until: null,
      wait_delivery: { effect: lastEffectKey, next: park.output },
    });
    return;
  }
  const isEvent = park.kind === 'event';
  const wakeAt = isEvent ? park.timeoutAt : park.at;
  writes.updates.push({
    id,
    state: 'waiting',
    node_id: park.nodeId,
    visit,
    ended: false,
    error: null,
    wait_event: isEvent ? park.event : null,
    wait_until: wakeAt,
    wait_delivery: null,
  });
  if (!isEvent) {
    // The end of a duration wait has nothing to cancel it (a goal or erasure moves the visit on,
    // which makes a stale wake-up a no-op), so the enrollments of this batch that wake together
    // share one job instead of one each.
    const group = `${wakeAt}\u0000${park.output}`;
    const wakeup = writes.wakeups.get(group) ?? { runAt: wakeAt, items: [] };
    wakeup.items.push({ enrollmentId: id, visit, output: park.output, resumedBy: 'time' });
    writes.wakeups.set(group, wakeup);
    return;
  }
  // An event wait's timeout is cancelled by its event (remove_job by key when it resumes).
  writes.jobs.push({
    task: TASKS.advance,
    payload: { enrollmentId: id, visit, output: park.onTimeout, resumedBy: 'timeout' },
    runAt: wakeAt,
    jobKey: timeoutKey(id),
  });
}

/**
 * One statement per table for the whole batch. The update also names its ids as an array: joined
 * only to jsonb_to_recordset, the planner scanned the whole enrollments table (~400 buffers a batch).
 */
export async function write(tx: TransactionSql, writes: Writes): Promise<WrittenEffect[]> {
  // Independent statements, issued together: postgres.js pipelines them (one round trip).
  const [inserted] = await Promise.all([
    writes.effects.length === 0
      ? []
      : // Update-contact steps write their changes to the contact here, only if their ledger row is
        // new (once per step), all of one contact's changes in one update, in ledger order.
        tx<WrittenEffect[]>`
      with x as (
        select x.*, s.shared, md5(s.shared::text)::uuid as hash
        from jsonb_to_recordset(${tx.json(writes.effects as never)})
          as x(workspace_id uuid, key text, enrollment_id bigint, workflow_id uuid, version int, node_id text,
               contact_id text, kind text, payload jsonb, prepared jsonb, state text)
        -- An email's templates, stored once (ledgerParts.ts); in hash order, so that two walks
        -- storing the same two wait for each other instead of deadlocking.
        left join lateral (
          select jsonb_object_agg(key, value) as shared from jsonb_each(x.payload)
          where x.kind = 'email' and key = any(${SHARED_EMAIL_KEYS as unknown as string[]}::text[])) s on true),
      shared as (
        insert into shared_payloads (workspace_id, hash, value)
        select distinct workspace_id, hash, shared from x where hash is not null order by 1, 2
        on conflict do nothing),
      inserted as (
        insert into effects (workspace_id, idempotency_key, enrollment_id, workflow_id, version, node_id, contact_id,
                             kind, payload, templates, state)
        select x.workspace_id, x.key, x.enrollment_id, x.workflow_id, x.version, x.node_id, x.contact_id, x.kind,
               case when x.hash is null then x.payload
                    else x.payload - ${[...SHARED_EMAIL_KEYS, 'kind']}::text[] end,
               x.hash, coalesce(x.state, 'pending')
        from x
        on conflict (idempotency_key) do nothing
        returning id, idempotency_key, kind, workspace_id, contact_id, payload),
      -- What the walk rendered, beside the row that delivery updates (ledgerParts.ts).
      rendered as (
        insert into effect_renderings (effect_id, prepared)
        select i.id, x.prepared from inserted i join x on x.key = i.idempotency_key where x.prepared is not null),
      changed as (
        select i.workspace_id, i.contact_id, jsonb_agg(c.value order by i.id, c.ordinality) as changes
        from inserted i, jsonb_array_elements(i.payload -> 'changes') with ordinality as c(value, ordinality)
        where i.kind = 'contact-update'
        group by i.workspace_id, i.contact_id),
      applied as (
        update contacts t set attributes = crossroads_apply_contact_changes(t.attributes, ch.changes), updated_at = now()
        from changed ch where t.workspace_id = ch.workspace_id and t.id = ch.contact_id
        returning t.id)
      select id::text, kind from inserted where kind <> 'contact-update' or payload ->> 'syncToCrm' = 'true'`,
    writes.steps.length === 0
      ? undefined
      : tx`
      insert into journey_steps (workspace_id, enrollment_id, workflow_id, version, contact_id, node_id, node_type,
                                 visit, output, decision, reason)
      select x.workspace_id, x.enrollment_id, x.workflow_id, x.version, x.contact_id, x.node_id, x.node_type,
             x.visit, x.output, x.decision, x.reason
      from jsonb_to_recordset(${tx.json(writes.steps as never)})
        as x(workspace_id uuid, enrollment_id bigint, workflow_id uuid, version int, contact_id text, node_id text,
             node_type text, visit int, output text, decision jsonb, reason jsonb)`,
    tx`
      update enrollments e set state = x.state, node_id = x.node_id, visit = x.visit,
        ended_at = case when x.ended then now() end, error = x.error, wait_event = x.wait_event,
        wait_until = x.wait_until, wait_delivery = x.wait_delivery, retry = null
      from jsonb_to_recordset(${tx.json(writes.updates as never)})
        as x(id bigint, state text, node_id text, visit int, ended boolean, error text, wait_event text,
             wait_until timestamptz, wait_delivery jsonb)
      where e.id = x.id and e.id = any(${writes.updates.map((u) => u.id as string)}::bigint[])`,
    addJobs(tx, writes.jobs),
    writes.retries.length === 0
      ? undefined
      : tx`
      update enrollments e set retry = x.retry
      from jsonb_to_recordset(${tx.json(writes.retries as never)}) as x(id bigint, retry jsonb)
      where e.id = x.id and e.id = any(${writes.retries.map((r) => r.id as string)}::bigint[])`,
  ]);
  return [...inserted];
}
