import type { LogicRule } from '@crossroads/graph-schema';
import {
  advance,
  type CompiledJourney,
  type ContactData,
  type JourneyEvent,
  type JourneyStep,
  type Park,
  type Registry,
} from '@crossroads/nodes';
import type { Sql, TransactionSql } from '../db/connect.js';
import type { WrittenEffect } from '../deliver/deliverNow.js';
import { counter, histogram } from '../metrics.js';
import { type AdvanceItem, addJobs, advanceJobs, type JobSpec, TASKS, timeoutKey } from '../queue/jobs.js';
import { loadEngagement } from './engagement.js';
import { journeyAt } from './journeys.js';
import { packRetryDelay, readsEngagement, walkWithPacks } from './packSteps.js';

interface EnrollmentRow {
  id: string;
  workspaceId: string;
  workflowId: string;
  version: number;
  contactId: string;
  nodeId: string;
  visit: number;
  eventId: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

/** Everything one walk writes; a batch writes all of them with one statement per table. */
interface Writes {
  steps: Record<string, unknown>[];
  effects: Record<string, unknown>[];
  updates: Record<string, unknown>[];
  jobs: JobSpec[];
  /** Ends of duration waits, by wake-up time and output: one `advance` job for each group. */
  wakeups: Map<string, { runAt: string; items: AdvanceItem[] }>;
}

const stepsRun = counter({
  name: 'crossroads_engine_steps_total',
  help: 'Journey steps (trace rows) written',
  labelNames: ['node_type'],
});
const advanceSeconds = histogram({
  name: 'crossroads_engine_advance_seconds',
  help: 'Time per advance transaction',
});

const END_STATE = { completed: 'completed', filtered: 'exited', failed: 'failed' } as const;

/**
 * The `advance` job for one or many enrollments, in ONE transaction: lock the enrollments, run the
 * walker for each from where it stands, write one trace row per node, write effects to the ledger
 * under their idempotency keys, update the enrollments and queue what comes next (the wake-up of a
 * wait). An item whose visit is no longer the enrollment's (a stale timeout, a retry after commit, a
 * job released after a crash) is skipped. Returns how many items advanced and the ledger rows
 * written, which the caller delivers once this has committed (deliverNow.ts).
 */
export async function advanceEnrollments(
  sql: Sql,
  registry: Registry,
  items: readonly AdvanceItem[],
): Promise<{ advanced: number; effects: WrittenEffect[] }> {
  const done = advanceSeconds.startTimer();
  try {
    return await sql.begin(async (tx) => {
      const rows = await tx<EnrollmentRow[]>`
        select id, workspace_id, workflow_id, version, contact_id, node_id, visit, event_id, started_at, ended_at
        from enrollments where id = any(${items.map((i) => i.enrollmentId)}::bigint[])
        order by id for update`;
      const byId = new Map(rows.map((row) => [String(row.id), row]));
      const live = items.flatMap((item) => {
        const row = byId.get(item.enrollmentId);
        return row && !row.endedAt && row.visit === item.visit ? [{ item, row }] : [];
      });
      if (live.length === 0) return { advanced: 0, effects: [] };
      const inputs = await loadInputs(
        tx,
        registry,
        live.map((l) => l.row),
      );
      const writes: Writes = { steps: [], effects: [], updates: [], jobs: [], wakeups: new Map() };
      const now = new Date();
      for (const { item, row } of live) {
        const journey = inputs.journeys.get(`${row.workflowId}:${row.version}`);
        if (journey === undefined || typeof journey === 'string') {
          collect(writes, row, { kind: 'end', outcome: 'failed', error: journey ?? 'no graph' }, []);
          continue;
        }
        const engagement = readsEngagement(journey)
          ? { engagement: { ...(await loadEngagement(tx, row.workspaceId, row.contactId, now)) } }
          : {};
        // Pack nodes run in their sandbox: the walk is replayed with their decisions (RuntimeRegistry).
        const { steps, park } = await walkWithPacks(registry, () =>
          advance({
            compiled: journey,
            ...engagement,
            from:
              item.output === undefined
                ? { nodeId: row.nodeId }
                : { nodeId: row.nodeId, output: item.output, resumedBy: item.resumedBy ?? 'time' },
            contact: inputs.contacts.get(`${row.workspaceId}\u0000${row.contactId}`) ?? { id: row.contactId },
            event:
              row.eventId === null
                ? null
                : (inputs.events.get(`${row.workspaceId}\u0000${row.eventId}`) ?? null),
            journey: {
              workflowId: row.workflowId,
              version: row.version,
              enrollmentId: String(row.id),
              enteredAt: row.startedAt.toISOString(),
              context: {},
            },
            now,
            segments: inputs.segments.get(row.workspaceId) ?? {},
          }),
        );
        const retryIn = packRetryDelay(registry, journey, steps, item.attempt ?? 0);
        if (retryIn !== undefined) {
          // Nothing of this walk is written: the same visit runs again, so nothing is recorded twice.
          writes.jobs.push({
            task: TASKS.advance,
            payload: { ...item, attempt: (item.attempt ?? 0) + 1 },
            runAt: new Date(Date.now() + retryIn),
          });
          continue;
        }
        collect(writes, row, park, steps);
      }
      for (const { runAt, items } of writes.wakeups.values()) writes.jobs.push(...advanceJobs(items, runAt));
      const effects = await write(tx, writes);
      return { advanced: live.length, effects };
    });
  } finally {
    done();
  }
}

/** Contacts (fresh), events, segments and compiled journeys for a batch, one query each. */
async function loadInputs(tx: TransactionSql, registry: Registry, rows: EnrollmentRow[]) {
  const journeys = new Map<string, CompiledJourney | string>();
  for (const row of rows) {
    const key = `${row.workflowId}:${row.version}`;
    if (journeys.has(key)) continue;
    try {
      journeys.set(key, await journeyAt(tx, registry, row.workflowId, row.version));
    } catch (error) {
      // A version that cannot run fails its enrollments instead of retrying forever.
      journeys.set(key, (error as Error).message);
    }
  }
  const withEvents = rows.filter((r) => r.eventId !== null);
  const segmentWorkspaces = [
    ...new Set(
      rows
        .filter((r) => {
          const journey = journeys.get(`${r.workflowId}:${r.version}`);
          return typeof journey === 'object' && journey.usesSegments;
        })
        .map((r) => r.workspaceId),
    ),
  ];
  const [contactRows, eventRows, segmentRows] = await Promise.all([
    tx<{ workspaceId: string; id: string; attributes: Record<string, unknown> }[]>`
      select c.workspace_id, c.id, c.attributes from contacts c
      join unnest(${rows.map((r) => r.workspaceId)}::uuid[], ${rows.map((r) => r.contactId)}::text[]) as k(ws, id)
        on c.workspace_id = k.ws and c.id = k.id`,
    withEvents.length === 0
      ? []
      : tx<
          {
            workspaceId: string;
            id: string;
            type: string;
            properties: Record<string, unknown>;
            occurredAt: Date;
          }[]
        >`
          select e.workspace_id, e.id, e.type, e.properties, e.occurred_at from events e
          join unnest(${withEvents.map((r) => r.workspaceId)}::uuid[], ${withEvents.map((r) => r.eventId)}::text[])
            as k(ws, id) on e.workspace_id = k.ws and e.id = k.id`,
    segmentWorkspaces.length === 0
      ? []
      : tx<{ workspaceId: string; name: string; rule: LogicRule }[]>`
          select workspace_id, name, rule from segments where workspace_id = any(${segmentWorkspaces}::uuid[])`,
  ]);
  const contacts = new Map<string, ContactData>(
    contactRows.map((c) => [`${c.workspaceId}\u0000${c.id}`, { ...c.attributes, id: c.id }]),
  );
  const events = new Map<string, JourneyEvent>(
    eventRows.map((e) => [
      `${e.workspaceId}\u0000${e.id}`,
      { id: e.id, type: e.type, properties: e.properties, timestamp: e.occurredAt.toISOString() },
    ]),
  );
  const segments = new Map<string, Record<string, LogicRule>>();
  for (const s of segmentRows) {
    const rules = segments.get(s.workspaceId) ?? {};
    rules[s.name] = s.rule;
    segments.set(s.workspaceId, rules);
  }
  return { journeys, contacts, events, segments };
}

/** Adds one walk's trace rows, ledger rows, enrollment update and next job to the batch. */
function collect(writes: Writes, row: EnrollmentRow, park: Park, steps: JourneyStep[]) {
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
  for (const step of steps) {
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
    writes.effects.push({
      ...base,
      key: `${id}:${step.nodeId}:${visit}${repeat > 0 ? `.${repeat}` : ''}`,
      node_id: step.nodeId,
      kind: step.effect.kind,
      payload: { ...step.effect, eventId: row.eventId },
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
async function write(tx: TransactionSql, writes: Writes): Promise<WrittenEffect[]> {
  // Independent statements, issued together: postgres.js pipelines them (one round trip).
  const [inserted] = await Promise.all([
    writes.effects.length === 0
      ? []
      : tx<WrittenEffect[]>`
      insert into effects (workspace_id, idempotency_key, enrollment_id, workflow_id, version, node_id, contact_id,
                           kind, payload)
      select x.workspace_id, x.key, x.enrollment_id, x.workflow_id, x.version, x.node_id, x.contact_id, x.kind, x.payload
      from jsonb_to_recordset(${tx.json(writes.effects as never)})
        as x(workspace_id uuid, key text, enrollment_id bigint, workflow_id uuid, version int, node_id text,
             contact_id text, kind text, payload jsonb)
      on conflict (idempotency_key) do nothing
      returning id::text, kind`,
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
        wait_until = x.wait_until
      from jsonb_to_recordset(${tx.json(writes.updates as never)})
        as x(id bigint, state text, node_id text, visit int, ended boolean, error text, wait_event text,
             wait_until timestamptz)
      where e.id = x.id and e.id = any(${writes.updates.map((u) => u.id as string)}::bigint[])`,
    addJobs(tx, writes.jobs),
  ]);
  return [...inserted];
}
