import { evaluateRule, type Registry, SCHEDULED_RUN_EVENT, slotInstant, zoneFor } from '@crossroads/nodes';
import type { Sql } from '../db/connect.js';
import { addJobs, type ScheduledRunPayload, TASKS } from '../queue/jobs.js';
import { actOnEvents, eventContext, type StoredEvent } from './actOnEvents.js';
import { runKey, type VersionSchedule, versionSchedule } from './schedulePlan.js';
import { ruleData } from './segmentClocks.js';
import { insertEvents } from './storeEvents.js';

/** Contacts read per page, and per enrolment transaction. */
const PAGE = 1000;

export interface RunOutcome {
  state: 'done' | 'skipped' | 'waiting';
  /** Contacts this pass stored a run event for (not counting those of an earlier, crashed pass). */
  contacts: number;
  enrolled: number;
  /** Contact time zones that have not reached the slot yet: the next pass. */
  nextPassAt?: Date;
}

const skip = async (sql: Sql, run: ScheduledRunPayload, note: string): Promise<RunOutcome> => {
  await sql`
    update scheduled_runs set state = 'skipped', note = ${note}, finished_at = now()
    where workflow_id = ${run.workflowId} and version = ${run.version} and slot = ${run.slot}
      and state in ('planned', 'running')`;
  return { state: 'skipped', contacts: 0, enrolled: 0 };
};

/**
 * Enrols one page's due contacts: a `schedule.run` event each (id: workflow, version, slot,
 * contact; a retried pass stores nothing twice), acted on for this journey alone through the normal
 * ingest path (re-entry rules apply), with the run's counts, in one transaction. False when the
 * version stopped being live meanwhile.
 */
async function enrolPage(
  sql: Sql,
  registry: Registry,
  plan: VersionSchedule,
  slot: string,
  due: string[],
): Promise<{ contacts: number; enrolled: number } | false> {
  return sql.begin(async (tx) => {
    const context = await eventContext(tx, registry, plan.workspaceId, due);
    const journeys = context.journeys.filter(
      (j) => j.workflowId === plan.workflowId && j.version === plan.version,
    );
    if (journeys.length === 0) return false;
    const timestamp = new Date().toISOString();
    const prefix = `${SCHEDULED_RUN_EVENT}:${plan.workflowId}:${plan.version}:${slot}:`;
    const properties = { segment: plan.segment, slot };
    const stored = await insertEvents(
      tx,
      plan.workspaceId,
      tx`select ${prefix} || c, c, ${SCHEDULED_RUN_EVENT}, ${tx.json(properties)}, ${timestamp}
         from unnest(${due}::text[]) as c`,
      'skip-duplicates',
    );
    const events: StoredEvent[] = stored.map((e) => ({
      id: e.id,
      contactId: e.contactId,
      type: SCHEDULED_RUN_EVENT,
      properties,
      timestamp,
    }));
    // This journey alone: other journeys' triggers, waits and goals heard nothing new.
    const live = context.live.filter((l) => l.workflowId === plan.workflowId);
    const outcome = await actOnEvents(tx, registry, plan.workspaceId, events, { journeys, live });
    await tx`
      update scheduled_runs set contacts = contacts + ${stored.length}, enrolled = enrolled + ${outcome.enrolled}
      where workflow_id = ${plan.workflowId} and version = ${plan.version} and slot = ${slot}`;
    return { contacts: stored.length, enrolled: outcome.enrolled };
  });
}

/**
 * One pass of a scheduled run (the `scheduled-run` job): reads the workspace's contacts in pages,
 * enrols those in the version's pinned segment whose time zone has reached the slot, and, when
 * some zones have not, queues the next pass for the first of them. Safe to repeat after a crash
 * or a lost database at any point: contacts already enrolled by this run are not enrolled again.
 * A version no longer live, or a segment that was not pinned, skips the run (with a note).
 */
export async function runScheduled(
  sql: Sql,
  registry: Registry,
  run: ScheduledRunPayload,
  now = () => new Date(),
): Promise<RunOutcome> {
  const [row] = await sql<{ state: string }[]>`
    select state from scheduled_runs
    where workflow_id = ${run.workflowId} and version = ${run.version} and slot = ${run.slot}`;
  if (!row || row.state === 'done' || row.state === 'skipped') {
    return { state: row?.state === 'skipped' ? 'skipped' : 'done', contacts: 0, enrolled: 0 };
  }
  const [live] = await sql`
    select 1 from workflows where id = ${run.workflowId} and status = 'active' and active_version = ${run.version}`;
  if (!live) return skip(sql, run, 'the version was no longer live');
  const plan = await versionSchedule(sql, registry, run.workspaceId, run.workflowId, run.version);
  if (!plan) return skip(sql, run, 'the version does not start on a schedule');
  if (plan.rule === null) return skip(sql, run, `segment '${plan.segment}' was not pinned by the version`);
  await sql`
    update scheduled_runs set state = 'running'
    where workflow_id = ${run.workflowId} and version = ${run.version} and slot = ${run.slot} and state = 'planned'`;
  const total: RunOutcome = { state: 'done', contacts: 0, enrolled: 0 };
  let later: number | undefined;
  for (let after = ''; ; ) {
    const page = await sql<{ id: string; attributes: Record<string, unknown> }[]>`
      select id, attributes from contacts where workspace_id = ${run.workspaceId} and id > ${after}
      order by id limit ${PAGE}`;
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const at = now();
    const due: string[] = [];
    for (const c of page) {
      if (!evaluateRuleSafely(plan, c.id, c.attributes, at)) continue;
      const zone = plan.schedule.zone === 'contact' ? zoneFor(c.attributes, plan.timezone) : plan.timezone;
      const instant = slotInstant(run.slot, zone).getTime();
      if (instant <= at.getTime()) due.push(c.id);
      else later = Math.min(later ?? instant, instant);
    }
    if (due.length === 0) continue;
    const done = await enrolPage(sql, registry, plan, run.slot, due);
    if (!done) return skip(sql, run, 'the version stopped being live during the run');
    total.contacts += done.contacts;
    total.enrolled += done.enrolled;
  }
  if (later !== undefined) {
    const nextPassAt = new Date(later);
    await sql.begin((tx) =>
      addJobs(tx, [
        { task: TASKS.scheduledRun, payload: run, runAt: nextPassAt, jobKey: runKey(run, nextPassAt) },
      ]),
    );
    return { ...total, state: 'waiting', nextPassAt };
  }
  await sql`
    update scheduled_runs set state = 'done', finished_at = now()
    where workflow_id = ${run.workflowId} and version = ${run.version} and slot = ${run.slot}`;
  return total;
}

/** Whether the contact is in the pinned segment now (a rule that fails on its data: not). */
function evaluateRuleSafely(
  plan: VersionSchedule,
  contactId: string,
  attributes: Record<string, unknown>,
  now: Date,
): boolean {
  try {
    return evaluateRule(plan.rule, ruleData(contactId, attributes, now)).matched;
  } catch {
    return false;
  }
}
