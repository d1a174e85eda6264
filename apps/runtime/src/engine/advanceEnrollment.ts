import type { LogicRule } from '@crossroads/graph-schema';
import {
  advance,
  type CompiledJourney,
  type JourneyEvent,
  type JourneyStep,
  type Park,
  type Registry,
} from '@crossroads/nodes';
import type { Sql, TransactionSql } from '../db/connect.js';
import { counter, histogram } from '../metrics.js';
import { type AdvancePayload, addJobs, type JobSpec, TASKS, timeoutKey } from './jobs.js';
import { journeyAt } from './journeys.js';

interface EnrollmentRow {
  id: string;
  workspaceId: string;
  workflowId: string;
  version: number;
  contactId: string;
  state: string;
  nodeId: string;
  visit: number;
  eventId: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

const stepsRun = counter({
  name: 'crossroads_engine_steps_total',
  help: 'Journey steps (trace rows) written',
  labelNames: ['node_type'],
});
const advanceSeconds = histogram({ name: 'crossroads_engine_advance_seconds', help: 'Time per advance job' });

const DELIVERY_TASK: Record<string, string> = { email: TASKS.deliverEmail, handoff: TASKS.deliverHandoff };

/**
 * The `advance` job: in ONE transaction, lock the enrollment, run the walker from where it stands,
 * write one trace row per node, write effects to the ledger under their idempotency keys, update
 * the enrollment and queue what comes next (deliveries, the wake-up of a wait). A job whose visit
 * is no longer the enrollment's (a stale timeout, a retry after commit) does nothing.
 */
export async function advanceEnrollment(
  sql: Sql,
  registry: Registry,
  payload: AdvancePayload,
): Promise<'advanced' | 'stale'> {
  const done = advanceSeconds.startTimer();
  try {
    return await sql.begin(async (tx) => {
      const [enrollment] = await tx<EnrollmentRow[]>`
        select id, workspace_id, workflow_id, version, contact_id, state, node_id, visit, event_id,
               started_at, ended_at
        from enrollments where id = ${payload.enrollmentId} for update`;
      if (!enrollment || enrollment.endedAt || enrollment.visit !== payload.visit) return 'stale';
      let journey: CompiledJourney;
      try {
        journey = await journeyAt(tx, registry, enrollment.workflowId, enrollment.version);
      } catch (error) {
        await finish(tx, enrollment, { kind: 'end', outcome: 'failed', error: (error as Error).message }, []);
        return 'advanced';
      }
      const { contact, event, segments } = await inputsFor(tx, enrollment, journey);
      const { steps, park } = advance({
        compiled: journey,
        from:
          payload.output === undefined
            ? { nodeId: enrollment.nodeId }
            : { nodeId: enrollment.nodeId, output: payload.output, resumedBy: payload.resumedBy ?? 'time' },
        contact,
        event,
        journey: {
          workflowId: enrollment.workflowId,
          version: enrollment.version,
          enrollmentId: String(enrollment.id),
          enteredAt: enrollment.startedAt.toISOString(),
          context: {},
        },
        now: new Date(),
        segments,
      });
      await finish(tx, enrollment, park, steps);
      return 'advanced';
    });
  } finally {
    done();
  }
}

async function inputsFor(tx: TransactionSql, enrollment: EnrollmentRow, journey: CompiledJourney) {
  const { workspaceId } = enrollment;
  const [contactRows, eventRows, segmentRows] = await Promise.all([
    tx<{ attributes: Record<string, unknown> }[]>`
      select attributes from contacts where workspace_id = ${workspaceId} and id = ${enrollment.contactId}`,
    enrollment.eventId === null
      ? []
      : tx<{ id: string; type: string; properties: Record<string, unknown>; occurredAt: Date }[]>`
          select id, type, properties, occurred_at from events
          where workspace_id = ${workspaceId} and id = ${enrollment.eventId}`,
    journey.usesSegments
      ? tx<
          { name: string; rule: LogicRule }[]
        >`select name, rule from segments where workspace_id = ${workspaceId}`
      : [],
  ]);
  const row = eventRows[0];
  const event: JourneyEvent | null = row
    ? { id: row.id, type: row.type, properties: row.properties, timestamp: row.occurredAt.toISOString() }
    : null;
  const segments: Record<string, LogicRule> = {};
  for (const s of segmentRows) segments[s.name] = s.rule;
  return { contact: { ...(contactRows[0]?.attributes ?? {}), id: enrollment.contactId }, event, segments };
}

const END_STATE = { completed: 'completed', filtered: 'exited', failed: 'failed' } as const;

/** Writes the trace, the ledger, the enrollment's new state and the next jobs. */
async function finish(tx: TransactionSql, enrollment: EnrollmentRow, park: Park, steps: JourneyStep[]) {
  const visit = enrollment.visit + 1;
  const id = String(enrollment.id);
  const base = {
    enrollment_id: id,
    workflow_id: enrollment.workflowId,
    version: enrollment.version,
    contact_id: enrollment.contactId,
  };
  const jobs: JobSpec[] = [];
  const writes: Promise<unknown>[] = [];
  if (steps.length > 0) {
    const rows = steps.map((s) => ({
      ...base,
      node_id: s.nodeId,
      node_type: s.nodeType,
      output: s.output,
      decision: s.decision,
      reason: s.reason,
    }));
    writes.push(tx`
      insert into journey_steps (workspace_id, enrollment_id, workflow_id, version, contact_id, node_id, node_type,
                                 visit, output, decision, reason)
      select ${enrollment.workspaceId}, x.enrollment_id, x.workflow_id, x.version, x.contact_id, x.node_id,
             x.node_type, ${visit}, x.output, x.decision, x.reason
      from jsonb_to_recordset(${tx.json(rows as never)})
        as x(enrollment_id bigint, workflow_id uuid, version int, contact_id text, node_id text, node_type text,
             output text, decision jsonb, reason jsonb)`);
    for (const s of steps) stepsRun.inc({ node_type: s.nodeType });
  }
  const effects = effectRows(enrollment, steps, visit);
  if (effects.length > 0) {
    const inserted = await tx<{ id: string; kind: string }[]>`
      insert into effects (workspace_id, idempotency_key, enrollment_id, workflow_id, version, node_id, contact_id,
                           kind, payload)
      select ${enrollment.workspaceId}, x.key, x.enrollment_id, x.workflow_id, x.version, x.node_id, x.contact_id,
             x.kind, x.payload
      from jsonb_to_recordset(${tx.json(effects as never)})
        as x(key text, enrollment_id bigint, workflow_id uuid, version int, node_id text, contact_id text,
             kind text, payload jsonb)
      on conflict (idempotency_key) do nothing
      returning id, kind`;
    for (const effect of inserted) {
      const task = DELIVERY_TASK[effect.kind];
      if (task) jobs.push({ task, payload: { effectId: String(effect.id) } });
    }
  }
  if (park.kind === 'end') {
    writes.push(tx`
      update enrollments set state = ${END_STATE[park.outcome]}, visit = ${visit}, ended_at = now(),
        node_id = ${steps.at(-1)?.nodeId ?? enrollment.nodeId},
        error = ${park.error ?? null}, wait_event = null, wait_until = null
      where id = ${id}`);
  } else {
    const isEvent = park.kind === 'event';
    const wakeAt = isEvent ? park.timeoutAt : park.at;
    writes.push(tx`
      update enrollments set state = 'waiting', node_id = ${park.nodeId}, visit = ${visit},
        wait_event = ${isEvent ? park.event : null}, wait_until = ${wakeAt}
      where id = ${id}`);
    jobs.push({
      task: TASKS.advance,
      payload: {
        enrollmentId: id,
        visit,
        output: isEvent ? park.onTimeout : park.output,
        resumedBy: isEvent ? 'timeout' : 'time',
      },
      runAt: wakeAt,
      jobKey: timeoutKey(id),
    });
  }
  writes.push(addJobs(tx, jobs));
  await Promise.all(writes);
}

/** Ledger rows for the steps' effects, keyed by (enrollment, node, visit[, repeat]). */
function effectRows(enrollment: EnrollmentRow, steps: JourneyStep[], visit: number) {
  const seen = new Map<string, number>();
  const rows = [];
  for (const step of steps) {
    if (!step.effect) continue;
    const repeat = seen.get(step.nodeId) ?? 0;
    seen.set(step.nodeId, repeat + 1);
    rows.push({
      key: `${enrollment.id}:${step.nodeId}:${visit}${repeat > 0 ? `.${repeat}` : ''}`,
      enrollment_id: String(enrollment.id),
      workflow_id: enrollment.workflowId,
      version: enrollment.version,
      node_id: step.nodeId,
      contact_id: enrollment.contactId,
      kind: step.effect.kind,
      payload: { ...step.effect, eventId: enrollment.eventId },
    });
  }
  return rows;
}
