import {
  type CompiledJourney,
  type ContactData,
  decideEvents,
  type JourneyEvent,
  type JourneyPriority,
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
import { enroll } from './enroll.js';
import { reentryRefusals, writePassedOver } from './priorityTrace.js';
import { insertEvents } from './storeEvents.js';

export { type EnrollmentCandidate, enroll } from './enroll.js';

/** What a workspace's new events caused. */
export interface EventOutcomes {
  enrolled: number;
  resumed: number;
  converted: number;
}

/**
 * Told which event caused each outcome (by event id), so a commit that holds several requests'
 * events answers each request for its own (ingest/groupCommit.ts).
 */
export type Tally = (eventId: string, outcome: keyof EventOutcomes) => void;

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

/** Stores one event unless its id was stored before; false then (a retried job, a resent message). */
export async function insertEventOnce(
  tx: TransactionSql,
  workspaceId: string,
  event: StoredEvent,
): Promise<boolean> {
  const stored = await insertEvents(
    tx,
    workspaceId,
    tx`select ${event.id}, ${event.contactId}, ${event.type}, ${tx.json(event.properties as never)}, ${event.timestamp}`,
    'skip-duplicates',
  );
  return stored.length > 0;
}

interface LiveEnrollment extends PolicyEnrollment {
  visit: number;
  startedAt: Date;
  exclusiveGroup: string | null;
  /** Its journey's name and priority now, to name it when it keeps a contact from another journey. */
  workflowName: string;
  priority: number;
}

/**
 * What decides the effects of a workspace's events: its active workflows and the live
 * enrollments. A caller that narrows `journeys` and `live` to one journey keeps `groupLive`
 * whole: a contact's place in an exclusive group is held by any journey of the group.
 */
export interface EventContext {
  journeys: ActiveJourney[];
  live: LiveEnrollment[];
  /** The contacts' attributes, when the caller read them already (read here otherwise). */
  contacts?: ReadonlyMap<string, ContactData>;
  groupLive?: LiveEnrollment[];
}

/** Priority and group by workflow id: the active journeys', then those live enrollments run. */
function prioritiesOf(context: EventContext): Map<string, JourneyPriority> {
  const map = new Map<string, JourneyPriority>();
  for (const e of [...context.live, ...(context.groupLive ?? [])]) {
    map.set(e.workflowId, {
      name: e.workflowName,
      priority: e.priority,
      group: e.exclusiveGroup,
      preempt: false,
    });
  }
  for (const j of context.journeys) map.set(j.workflowId, j.priority);
  return map;
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
      select e.id, e.workflow_id, e.version, e.contact_id, e.state, e.node_id, e.visit, e.wait_event, e.started_at,
             e.exclusive_group, w.name as workflow_name, w.priority
      from enrollments e join workflows w on w.id = e.workflow_id
      where e.workspace_id = ${workspaceId} and e.contact_id = any(${contactIds as string[]}::text[])
        and e.ended_at is null`,
  ]);
  return { journeys, live, groupLive: live.filter((e) => e.exclusiveGroup !== null) };
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
  tally?: Tally,
): Promise<EventOutcomes> {
  const none = { enrolled: 0, resumed: 0, converted: 0 };
  if (events.length === 0) return none;
  const ctx =
    context ?? (await eventContext(tx, registry, workspaceId, [...new Set(events.map((e) => e.contactId))]));
  const { journeys, live } = ctx;
  // Enrollments of other journeys that hold a contact's place in a group (not acted on here).
  const acted = new Set(live);
  const holding = (ctx.groupLive ?? []).filter((e) => !acted.has(e));
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
  const contactIds = [...new Set(concerned.map((e) => e.contactId))];
  const contacts = ctx.contacts ?? (await loadContacts(tx, workspaceId, contactIds));
  // The pinned versions live enrollments run, compiled once each (cached by hash across calls).
  const pinned = new Map<string, CompiledJourney | undefined>();
  for (const e of [...live, ...holding]) {
    const key = `${e.workflowId}:${e.version}`;
    if (pinned.has(key)) continue;
    // A version that cannot compile fails its enrollments when they advance; events skip it.
    pinned.set(key, await journeyAt(tx, registry, e.workflowId, e.version).catch(() => undefined));
  }
  // A pack trigger's `matches` runs in its sandbox: the decision is replayed once the answers are in.
  const priorities = prioritiesOf(ctx);
  const grouped = journeys.filter((j) => j.priority.group !== null).map((j) => j.workflowId);
  const reentryRefuses =
    grouped.length === 0
      ? undefined
      : await reentryRefusals(tx, workspaceId, contactIds, grouped, [...live, ...holding]);
  const { conversions, exits, resumes, enrolments, preemptions, passedOver } = await withPackFacts(() =>
    decideEvents({
      workspaceId,
      events: concerned.map((event) => ({
        event,
        contact: contacts.get(event.contactId) ?? { id: event.contactId },
      })),
      activeJourneys: journeys,
      liveEnrollments: live,
      groupEnrollments: holding,
      journeyOf: (e) => pinned.get(`${e.workflowId}:${e.version}`),
      ...(priorities.size > 0 && { priorities, reentryRefuses }),
    }),
  );
  const converted = await end(tx, workspaceId, conversions, 'converted');
  await end(tx, workspaceId, exits, 'exited');
  // Pre-empted before the winners enrol: the group's unique index would refuse them otherwise.
  await end(tx, workspaceId, preemptions, 'exited');
  const resumed = await resume(tx, resumes);
  const enrolled = await enroll(tx, workspaceId, enrolments);
  await writePassedOver(tx, workspaceId, passedOver);
  if (tally) {
    for (const c of conversions)
      if (converted.has(String(c.enrollment.id))) tallyOf(tally, c.event, 'converted');
    for (const r of resumes) if (resumed.has(String(r.enrollment.id))) tallyOf(tally, r.event, 'resumed');
    for (const e of enrolled) if (e.eventId) tally(e.eventId, 'enrolled');
  }
  return { enrolled: enrolled.length, resumed: resumed.size, converted: converted.size };
}

const tallyOf = (tally: Tally, event: { id?: string | undefined }, outcome: keyof EventOutcomes) => {
  if (event.id) tally(event.id, outcome);
};

export async function loadContacts(tx: TransactionSql, workspaceId: string, ids: readonly string[]) {
  const rows = await tx<{ id: string; attributes: Record<string, unknown> }[]>`
    select id, attributes from contacts where workspace_id = ${workspaceId} and id = any(${ids as string[]}::text[])`;
  return new Map<string, ContactData>(rows.map((r) => [r.id, { ...r.attributes, id: r.id }]));
}

/**
 * Ends enrollments as converted (a goal) or exited (an exit rule), if still live, with one trace
 * row each, and cancels their wake-ups. Returns the ids of those it ended.
 */
async function end(
  tx: TransactionSql,
  workspaceId: string,
  conversions: readonly Ending[],
  state: 'converted' | 'exited',
): Promise<Set<string>> {
  if (conversions.length === 0) return new Set();
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
  return new Set(visits.keys());
}

/** Wakes waiting enrollments whose visit is still the one we read, and queues their advance; their ids. */
async function resume(tx: TransactionSql, resumes: Resume<LiveEnrollment>[]): Promise<Set<string>> {
  if (resumes.length === 0) return new Set();
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
  return new Set(woken.map((r) => String(r.id)));
}
