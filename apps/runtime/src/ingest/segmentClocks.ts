import {
  clockOf,
  compileLogic,
  isLogicTruthy,
  type LogicRule,
  nextCheck,
  type RuleClock,
} from '@crossroads/graph-schema';
import { type Registry, triggerSegments } from '@crossroads/nodes';
import type { Queryable, Sql } from '../db/connect.js';
import { journeyAt } from '../walk/journeys.js';

/** The event of a contact leaving a segment a journey starts on, as time passes. */
export const SEGMENT_EXITED_EVENT = 'segment.exited';

/** A segment a journey version starts on, with the rule that version pinned. */
export interface TriggerRule {
  workflowId: string;
  version: number;
  name: string;
  rule: LogicRule;
}

/** One contact's clock under one trigger rule (a row of `segment_clocks`, migration 151). */
export interface ClockRow {
  workflowId: string;
  version: number;
  segment: string;
  contactId: string;
  member: boolean;
  dueAt: Date | null;
}

interface ReadRule {
  clock: RuleClock;
  matches: (data: unknown) => boolean;
}

// Rules are few and read once: their clocks and evaluators are kept, by object (a page of contacts
// shares one) and by text (rows read from the database are new objects), cleared if they pile up.
const byObject = new WeakMap<object, ReadRule>();
const byText = new Map<string, ReadRule>();
function read(rule: LogicRule): ReadRule {
  const object = typeof rule === 'object' && rule !== null ? rule : undefined;
  const known = object && byObject.get(object);
  if (known) return known;
  const key = JSON.stringify(rule);
  let found = byText.get(key);
  if (!found) {
    if (byText.size >= 1000) byText.clear();
    const evaluate = compileLogic(rule);
    found = { clock: clockOf(rule), matches: (data) => isLogicTruthy(evaluate(data)) };
    byText.set(key, found);
  }
  if (object) byObject.set(object, found);
  return found;
}

/** Whether time alone can change the rule's answer (it reads `now`). */
export const readsClock = (rule: LogicRule) => read(rule).clock.kind !== 'none';

/** What segment rules read of a contact, as at a contact upsert. */
export const ruleData = (contactId: string, attributes: Record<string, unknown>, now: Date) => ({
  contact: { ...attributes, id: contactId },
  now: now.toISOString(),
  engagement: {},
});

/** The contact's clock under a trigger rule at `now`, or null when the rule ignores time. */
export function clockRow(
  trigger: TriggerRule,
  contactId: string,
  attributes: Record<string, unknown>,
  now: Date,
): ClockRow | null {
  const { clock, matches } = read(trigger.rule);
  if (clock.kind === 'none') return null;
  const data = ruleData(contactId, attributes, now);
  return {
    workflowId: trigger.workflowId,
    version: trigger.version,
    segment: trigger.name,
    contactId,
    member: matches(data),
    dueAt: nextCheck(clock, data, now),
  };
}

/** Clock rows as one jsonb parameter (postgres.js sends boolean arrays badly). */
const asRecords = (workspaceId: string, rows: readonly ClockRow[]) =>
  rows.map((r) => ({
    workspace_id: workspaceId,
    workflow_id: r.workflowId,
    version: r.version,
    segment_name: r.segment,
    contact_id: r.contactId,
    member: r.member,
    due_at: r.dueAt?.toISOString() ?? null,
  }));

/**
 * Writes clock rows in one statement: replacing what was known, or (`keep`) leaving rows that
 * exist alone (a seed must not overwrite the fresher row a contact upsert wrote meanwhile).
 */
export async function saveClocks(
  tx: Queryable,
  workspaceId: string,
  rows: readonly ClockRow[],
  keep = false,
) {
  if (rows.length === 0) return;
  const records = tx.json(asRecords(workspaceId, rows) as never);
  const select = tx`
    select * from jsonb_to_recordset(${records}) as r(workspace_id uuid, workflow_id uuid, version int,
      segment_name text, contact_id text, member boolean, due_at timestamptz)`;
  if (keep) {
    await tx`insert into segment_clocks (workspace_id, workflow_id, version, segment_name, contact_id, member, due_at)
             ${select} on conflict do nothing`;
    return;
  }
  await tx`insert into segment_clocks (workspace_id, workflow_id, version, segment_name, contact_id, member, due_at)
           ${select}
           on conflict (workflow_id, version, segment_name, contact_id)
             do update set member = excluded.member, due_at = excluded.due_at`;
}

/**
 * The segments a version's triggers start on, with the rules it pinned at publish; null when the
 * workspace has no such version.
 */
export async function triggerRules(
  sql: Queryable,
  registry: Registry,
  workspaceId: string,
  workflowId: string,
  version: number,
): Promise<TriggerRule[] | null> {
  const [owned] = await sql`
    select 1 from workflow_versions v join workflows w on w.id = v.workflow_id
    where w.workspace_id = ${workspaceId} and v.workflow_id = ${workflowId} and v.version = ${version}`;
  if (!owned) return null;
  const names = triggerSegments(await journeyAt(sql, registry, workflowId, version));
  if (names.length === 0) return [];
  return sql<TriggerRule[]>`
    select p.workflow_id, p.version, p.segment_name as name, r.rule
    from version_segments p
    join segment_revisions r on r.segment_id = p.segment_id and r.revision = p.revision
    where p.workflow_id = ${workflowId} and p.version = ${version} and p.segment_name = any(${names}::text[])`;
}

/**
 * Starts the clocks of a newly live version whose trigger segments read the clock: one row per
 * contact, read in pages. Contacts in the segment now are not entering it (activation's
 * "also enrol the contacts already in the segment" is the way to take them).
 */
export async function seedSegmentClocks(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  workflowId: string,
  version: number,
): Promise<number> {
  const timed = ((await triggerRules(sql, registry, workspaceId, workflowId, version)) ?? []).filter((t) =>
    readsClock(t.rule),
  );
  if (timed.length === 0) return 0;
  let seeded = 0;
  for (let after = ''; ; ) {
    const page = await sql<{ id: string; attributes: Record<string, unknown> }[]>`
      select id, attributes from contacts where workspace_id = ${workspaceId} and id > ${after}
      order by id limit 1000`;
    if (page.length === 0) return seeded;
    after = page[page.length - 1]!.id;
    const now = new Date();
    const rows = page.flatMap((c) => timed.flatMap((t) => clockRow(t, c.id, c.attributes, now) ?? []));
    await saveClocks(sql, workspaceId, rows, true);
    seeded += rows.length;
  }
}
