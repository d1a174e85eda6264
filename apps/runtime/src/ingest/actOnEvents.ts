import {
  type CompiledJourney,
  type ContactData,
  decideEvents,
  type Enrolment,
  type JourneyEvent,
  type JourneyStep,
  journeyListensTo,
  type LiveEnrollment as PolicyEnrollment,
  type Registry,
  type Resume,
  withPackFacts,
} from '@crossroads/nodes';
import type { TransactionSql } from '../db/connect.js';
import { addJobs, advanceJobs, removeTimeouts } from '../queue/jobs.js';
import { type ActiveJourney, activeJourneys, journeyAt } from '../walk/journeys.js';

/** What a workspace's new events caused. */
export interface EventOutcomes {
  enrolled: number;
  resumed: number;
  converted: number;
}

/** A goal conversion or an exit rule: the enrollment ends with `step` as its last trace row. */
interface Ending {
  enrollment: LiveEnrollment;
  step: JourneyStep;
}

/** An event as stored, with its contact. */
export interface StoredEvent extends JourneyEvent {
  id: string;
  contactId: string;
}

interface LiveEnrollment extends PolicyEnrollment {
  visit: number;
  startedAt: Date;
}

/** What decides the effects of a workspace's events: its active workflows and the live enrollments. */
export interface EventContext {
  journeys: ActiveJourney[];
  live: LiveEnrollment[];
}

export async function eventContext(
  tx: TransactionSql,
  registry: Registry,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<EventContext> {
  const [journeys, live] = await Promise.all([
    activeJourneys(tx, registry, workspaceId),
    tx<LiveEnrollment[]>`
      select id, workflow_id, version, contact_id, state, node_id, visit, wait_event, started_at
      from enrollments
      where workspace_id = ${workspaceId} and contact_id = any(${contactIds as string[]}::text[])
        and ended_at is null`,
  ]);
  return { journeys, live };
}

/**
 * Goals, resumes and enrollments for freshly stored events, inside the ingest transaction.
 * `context` holds the lookups when the caller already made them (for at least these contacts).
 */
export async function actOnEvents(
  tx: TransactionSql,
  registry: Registry,
  workspaceId: string,
  events: readonly StoredEvent[],
  context?: EventContext,
): Promise<EventOutcomes> {
  const none = { enrolled: 0, resumed: 0, converted: 0 };
  if (events.length === 0) return none;
  const { journeys, live } =
    context ?? (await eventContext(tx, registry, workspaceId, [...new Set(events.map((e) => e.contactId))]));
  if (journeys.length === 0 && live.length === 0) return none;
  const liveContacts = new Set(live.map((e) => e.contactId));
  // Only events that something may act on need their contact's attributes (most batches: none).
  const concerned = events.filter(
    (e) =>
      liveContacts.has(e.contactId) ||
      journeys.some(
        (j) =>
          journeyListensTo(j.journey, e.type) || (j.rollout && journeyListensTo(j.rollout.journey, e.type)),
      ),
  );
  if (concerned.length === 0) return none;
  const contacts = await loadContacts(tx, workspaceId, [...new Set(concerned.map((e) => e.contactId))]);
  // The pinned versions live enrollments run, compiled once each (cached by hash across calls).
  const pinned = new Map<string, CompiledJourney | undefined>();
  for (const e of live) {
    const key = `${e.workflowId}:${e.version}`;
    if (pinned.has(key)) continue;
    // A version that cannot compile fails its enrollments when they advance; events skip it.
    pinned.set(key, await journeyAt(tx, registry, e.workflowId, e.version).catch(() => undefined));
  }
  // A pack trigger's `matches` runs in its sandbox: the decision is replayed once the answers are in.
  const { conversions, exits, resumes, enrolments } = await withPackFacts(() =>
    decideEvents({
      workspaceId,
      events: concerned.map((event) => ({
        event,
        contact: contacts.get(event.contactId) ?? { id: event.contactId },
      })),
      activeJourneys: journeys,
      liveEnrollments: live,
      journeyOf: (e) => pinned.get(`${e.workflowId}:${e.version}`),
    }),
  );
  const converted = await end(tx, workspaceId, conversions, 'converted');
  await end(tx, workspaceId, exits, 'exited');
  const resumed = await resume(tx, resumes);
  const enrolled = await enroll(tx, workspaceId, enrolments);
  return { enrolled: enrolled.length, resumed, converted };
}

async function loadContacts(tx: TransactionSql, workspaceId: string, ids: string[]) {
  const rows = await tx<{ id: string; attributes: Record<string, unknown> }[]>`
    select id, attributes from contacts where workspace_id = ${workspaceId} and id = any(${ids}::text[])`;
  return new Map<string, ContactData>(rows.map((r) => [r.id, { ...r.attributes, id: r.id }]));
}

/**
 * Ends enrollments as converted (a goal) or exited (an exit rule), if still live, with one trace
 * row each, and cancels their wake-ups.
 */
async function end(
  tx: TransactionSql,
  workspaceId: string,
  conversions: readonly Ending[],
  state: 'converted' | 'exited',
): Promise<number> {
  if (conversions.length === 0) return 0;
  const ids = conversions.map((c) => c.enrollment.id);
  const ended = await tx<{ id: string; visit: number }[]>`
    update enrollments set state = ${state}, ended_at = now(), visit = visit + 1,
      wait_event = null, wait_until = null
    where id = any(${ids}::bigint[]) and ended_at is null
    returning id, visit`;
  const visits = new Map(ended.map((r) => [String(r.id), r.visit]));
  const rows = conversions
    .filter((c) => visits.has(String(c.enrollment.id)))
    .map(({ enrollment, step }) => ({
      enrollment_id: enrollment.id,
      workflow_id: enrollment.workflowId,
      version: enrollment.version,
      contact_id: enrollment.contactId,
      node_id: step.nodeId,
      node_type: step.nodeType,
      visit: visits.get(String(enrollment.id)),
      decision: step.decision,
      reason: step.reason,
    }));
  if (rows.length > 0) {
    await tx`
      insert into journey_steps (workspace_id, enrollment_id, workflow_id, version, contact_id, node_id, node_type,
                                 visit, decision, reason)
      select ${workspaceId}, x.enrollment_id, x.workflow_id, x.version, x.contact_id, x.node_id, x.node_type,
             x.visit, x.decision, x.reason
      from jsonb_to_recordset(${tx.json(rows as never)})
        as x(enrollment_id bigint, workflow_id uuid, version int, contact_id text, node_id text, node_type text,
             visit int, decision jsonb, reason jsonb)`;
  }
  await removeTimeouts(tx, [...visits.keys()]);
  return visits.size;
}

/** Wakes waiting enrollments whose visit is still the one we read, and queues their advance. */
async function resume(tx: TransactionSql, resumes: Resume<LiveEnrollment>[]): Promise<number> {
  if (resumes.length === 0) return 0;
  resumes.sort((a, b) => Number(a.enrollment.id) - Number(b.enrollment.id));
  const woken = await tx<{ id: string; visit: number }[]>`
    update enrollments e set state = 'active', visit = e.visit + 1, event_id = x.event_id,
      wait_event = null, wait_until = null
    from unnest(${resumes.map((r) => r.enrollment.id)}::bigint[], ${resumes.map((r) => r.enrollment.visit)}::int[],
                ${resumes.map((r) => r.event.id ?? null)}::text[]) as x(id, visit, event_id)
    where e.id = x.id and e.visit = x.visit and e.state = 'waiting' and e.ended_at is null
    returning e.id, e.visit`;
  const outputs = new Map(resumes.map((r) => [String(r.enrollment.id), r.output]));
  await removeTimeouts(
    tx,
    woken.map((r) => String(r.id)),
  );
  await addJobs(
    tx,
    advanceJobs(
      woken.map((r) => ({
        enrollmentId: String(r.id),
        visit: r.visit,
        output: outputs.get(String(r.id)),
        resumedBy: 'event' as const,
      })),
    ),
  );
  return woken.length;
}

/** A contact a trigger matched, to be enrolled into a pinned version (the event policy's `Enrolment`). */
export type EnrollmentCandidate = Enrolment;

/**
 * Enrolls candidates in one statement and queues the first `advance` job of the treated ones in
 * the same transaction; control ones are held (never advanced, followed for the goal). Re-entry
 * is the database's job: the partial unique indexes on enrollments refuse a second 'once' row and
 * a second live 'after-exit' row, and `on conflict do nothing` skips them, also under concurrent
 * ingestion. Returns the ids of the enrollments made.
 */
export async function enroll(
  tx: TransactionSql,
  workspaceId: string,
  input: readonly EnrollmentCandidate[],
): Promise<string[]> {
  let candidates = input;
  if (candidates.length === 0) return [];
  // Key order, so concurrent ingests take the unique index's locks in the same order.
  const key = (c: EnrollmentCandidate) => `${c.workflowId}\u0000${c.contactId}`;
  candidates = [...candidates].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const rows = await tx<{ id: string; cohort: string }[]>`
    insert into enrollments (workspace_id, workflow_id, version, contact_id, reentry, node_id, event_id, cohort, state)
    select ${workspaceId}, x.workflow_id, x.version, x.contact_id, x.reentry, x.node_id, x.event_id, x.cohort,
           case when x.cohort = 'control' then 'held' else 'active' end
    from unnest(${candidates.map((c) => c.workflowId)}::uuid[], ${candidates.map((c) => c.version)}::int[],
                ${candidates.map((c) => c.contactId)}::text[], ${candidates.map((c) => c.reentry)}::text[],
                ${candidates.map((c) => c.nodeId)}::text[], ${candidates.map((c) => c.eventId)}::text[],
                ${candidates.map((c) => c.cohort ?? 'treated')}::text[])
      as x(workflow_id, version, contact_id, reentry, node_id, event_id, cohort)
    on conflict do nothing
    returning id, cohort`;
  const treated = rows.filter((row) => row.cohort !== 'control').map((row) => String(row.id));
  await addJobs(tx, advanceJobs(treated.map((enrollmentId) => ({ enrollmentId, visit: 0 }))));
  return rows.map((row) => String(row.id));
}
