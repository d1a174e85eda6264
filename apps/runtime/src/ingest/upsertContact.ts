import { randomUUID } from 'node:crypto';
import type { LogicRule } from '@crossroads/graph-schema';
import { type Registry, ruleMatchesEvent, SEGMENT_ENTERED_EVENT, triggerSegments } from '@crossroads/nodes';
import type { Sql, TransactionSql } from '../db/connect.js';
import { activeJourneys } from '../walk/journeys.js';
import { actOnEvents, eventContext, insertEventOnce, type StoredEvent } from './actOnEvents.js';
import { actOnExitRuleChanges } from './exitRuleChanges.js';
import { type ClockRow, clockRow, SEGMENT_EXITED_EVENT, saveClocks } from './segmentClocks.js';
import { insertEvents } from './storeEvents.js';

export interface Contact {
  id: string;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** A segment an active journey's trigger starts on, under the revision its live version pinned. */
export interface SegmentTrigger {
  workflowId: string;
  version: number;
  name: string;
  rule: LogicRule;
}

/**
 * The segments that active `trigger` nodes start on, with the rule each journey's live version
 * pinned (two versions may pin different revisions of one segment).
 */
export async function segmentTriggers(
  tx: TransactionSql,
  registry: Registry,
  workspaceId: string,
): Promise<SegmentTrigger[]> {
  // Both sides of a rollout: either version's trigger may start on a segment.
  const wanted = (await activeJourneys(tx, registry, workspaceId)).flatMap((j) =>
    [j, ...(j.rollout ? [j.rollout] : [])].flatMap((side) =>
      triggerSegments(side.journey).map((name) => ({
        workflowId: j.workflowId,
        version: side.version,
        name,
      })),
    ),
  );
  if (wanted.length === 0) return [];
  return tx<SegmentTrigger[]>`
    select p.workflow_id, p.version, p.segment_name as name, r.rule
    from version_segments p
    join segment_revisions r on r.segment_id = p.segment_id and r.revision = p.revision
    join unnest(${wanted.map((w) => w.workflowId)}::uuid[], ${wanted.map((w) => w.version)}::int[],
                ${wanted.map((w) => w.name)}::text[]) as k(workflow_id, version, name)
      on p.workflow_id = k.workflow_id and p.version = k.version and p.segment_name = k.name`;
}

/**
 * The segments a contact enters when its attributes go from `before` (undefined: a new contact)
 * to `after`, decided per journey under the revision it pinned: each entered segment with the
 * journeys whose revision the contact did not enter (left out of its event). Imports use it too.
 */
export function enteredSegments(
  triggers: readonly SegmentTrigger[],
  id: string,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  now = new Date().toISOString(),
): Map<string, string[]> {
  const matches = (rule: LogicRule, attrs: Record<string, unknown>) =>
    ruleMatchesEvent(rule, { contact: { ...attrs, id }, now, engagement: {} }).matched;
  const bySegment = new Map<string, { entered: boolean; not: string[] }>();
  for (const trigger of triggers) {
    const seen = bySegment.get(trigger.name) ?? { entered: false, not: [] };
    if (!matches(trigger.rule, before ?? {}) && matches(trigger.rule, after)) seen.entered = true;
    else seen.not.push(trigger.workflowId);
    bySegment.set(trigger.name, seen);
  }
  return new Map([...bySegment].filter(([, s]) => s.entered).map(([name, s]) => [name, s.not]));
}

/**
 * The segments a contact leaves when its attributes go from `before` to `after`, each with the
 * journeys whose pinned revision it left (they alone hear its `segment.exited`, as from a PUT).
 */
export function exitedSegments(
  triggers: readonly SegmentTrigger[],
  id: string,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  now = new Date().toISOString(),
): Map<string, string[]> {
  if (!before) return new Map();
  const matches = (rule: LogicRule, attrs: Record<string, unknown>) =>
    ruleMatchesEvent(rule, { contact: { ...attrs, id }, now, engagement: {} }).matched;
  const out = new Map<string, string[]>();
  for (const trigger of triggers) {
    if (matches(trigger.rule, before) && !matches(trigger.rule, after)) {
      out.set(trigger.name, [...(out.get(trigger.name) ?? []), trigger.workflowId]);
    }
  }
  return out;
}

/**
 * Stores one `segment.exited` event (once: a repeated id is skipped) and acts on it for the
 * journeys in `only` (those whose pinned revision the contact left). False when stored before.
 */
export async function storeSegmentExit(
  tx: TransactionSql,
  registry: Registry,
  workspaceId: string,
  event: StoredEvent,
  only: readonly string[],
): Promise<boolean> {
  if (!(await insertEventOnce(tx, workspaceId, event))) return false;
  const context = await eventContext(tx, registry, workspaceId, [event.contactId]);
  await actOnEvents(tx, registry, workspaceId, [event], {
    journeys: context.journeys.filter((j) => only.includes(j.workflowId)),
    live: context.live.filter((l) => only.includes(l.workflowId)),
  });
  return true;
}

/**
 * Stores one `segment.entered` event (once: a repeated id is skipped) and acts on it, leaving out
 * the journeys whose pinned revision the contact did not enter. False when it was stored before.
 */
export async function storeSegmentEntry(
  tx: TransactionSql,
  registry: Registry,
  workspaceId: string,
  event: StoredEvent,
  leftOut: readonly string[],
): Promise<boolean> {
  if (!(await insertEventOnce(tx, workspaceId, event))) return false;
  const context =
    leftOut.length === 0
      ? undefined
      : await eventContext(tx, registry, workspaceId, [event.contactId]).then((c) => ({
          ...c,
          journeys: c.journeys.filter((j) => !leftOut.includes(j.workflowId)),
        }));
  await actOnEvents(tx, registry, workspaceId, [event], context);
  return true;
}

/**
 * Merges attributes into a contact (creating it), then enrolls the contact into journeys that
 * start on a segment the contact has just entered: a `segment.entered` event is stored and
 * processed like any other, in the same transaction; one it has just left stores
 * `segment.exited`, heard by the journeys that start on that segment (their waits and goals).
 */
export async function upsertContact(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  id: string,
  attributes: Record<string, unknown>,
): Promise<{ contact: Contact; enteredSegments: string[] }> {
  return sql.begin((tx) => mergeContact(tx, registry, workspaceId, id, attributes));
}

/** `upsertContact` inside the caller's transaction (Segment's identify stores its event with it). */
export async function mergeContact(
  tx: TransactionSql,
  registry: Registry,
  workspaceId: string,
  id: string,
  attributes: Record<string, unknown>,
): Promise<{ contact: Contact; enteredSegments: string[] }> {
  const [before] = await tx<{ attributes: Record<string, unknown> }[]>`
    select attributes from contacts where workspace_id = ${workspaceId} and id = ${id} for update`;
  const removed = Object.keys(attributes).filter((key) => attributes[key] === null);
  const [contact] = await tx<Contact[]>`
    insert into contacts (workspace_id, id, attributes)
    values (${workspaceId}, ${id}, jsonb_strip_nulls(${tx.json(attributes as never)}))
    on conflict (workspace_id, id) do update
      set attributes = (contacts.attributes || excluded.attributes) - ${removed}::text[], updated_at = now()
    returning id, attributes, created_at, updated_at`;
  // Entered (or left) per journey: under the revision its live version pinned.
  const enteredBy = new Map<string, { entered: Set<string>; not: Set<string> }>();
  const exitedBy = new Map<string, Set<string>>();
  // Rules that read the clock: when time alone may next change the answer (segmentClocks.ts).
  const clocks: ClockRow[] = [];
  for (const trigger of await segmentTriggers(tx, registry, workspaceId)) {
    const clock = clockRow(trigger, id, contact!.attributes, new Date());
    if (clock) clocks.push(clock);
    // A rule that fails on these attributes (a huge list, a JSONLogic quirk) is not entered.
    const matches = (attrs: Record<string, unknown>) =>
      ruleMatchesEvent(trigger.rule, {
        contact: { ...attrs, id },
        now: new Date().toISOString(),
        engagement: {},
      }).matched;
    const seen = enteredBy.get(trigger.name) ?? { entered: new Set(), not: new Set() };
    const [was, is] = [matches(before?.attributes ?? {}), matches(contact!.attributes)];
    (!was && is ? seen.entered : seen.not).add(trigger.workflowId);
    enteredBy.set(trigger.name, seen);
    if (was && !is)
      exitedBy.set(trigger.name, (exitedBy.get(trigger.name) ?? new Set()).add(trigger.workflowId));
  }
  await saveClocks(tx, workspaceId, clocks);
  const entered = [...enteredBy].filter(([, s]) => s.entered.size > 0).map(([name]) => name);
  const timestamp = new Date().toISOString();
  for (const segment of entered) {
    const event = {
      id: `${SEGMENT_ENTERED_EVENT}:${randomUUID()}`,
      contactId: id,
      type: SEGMENT_ENTERED_EVENT,
      properties: { segment },
      timestamp,
    };
    await insertEvents(
      tx,
      workspaceId,
      tx`select ${event.id}, ${id}, ${event.type}, ${tx.json(event.properties)}, ${timestamp}`,
      'all-new',
    );
    // Journeys whose pinned revision the contact did not enter are left out of this event.
    const left = enteredBy.get(segment)!.not;
    const context =
      left.size === 0
        ? undefined
        : await eventContext(tx, registry, workspaceId, [id]).then((c) => ({
            ...c,
            journeys: c.journeys.filter((j) => !left.has(j.workflowId)),
          }));
    await actOnEvents(tx, registry, workspaceId, [event], context);
  }
  // Left: `segment.exited`, heard by the journeys that start on the segment (as from the clock).
  for (const [segment, workflows] of exitedBy) {
    const event = {
      id: `${SEGMENT_EXITED_EVENT}:${randomUUID()}`,
      contactId: id,
      type: SEGMENT_EXITED_EVENT,
      properties: { segment },
      timestamp,
    };
    await insertEvents(
      tx,
      workspaceId,
      tx`select ${event.id}, ${id}, ${event.type}, ${tx.json(event.properties)}, ${timestamp}`,
      'all-new',
    );
    const context = await eventContext(tx, registry, workspaceId, [id]);
    await actOnEvents(tx, registry, workspaceId, [event], {
      ...context,
      journeys: context.journeys.filter((j) => workflows.has(j.workflowId)),
      live: context.live.filter((l) => workflows.has(l.workflowId)),
    });
  }
  // Exit rules of the journeys the contact is in: an attribute changed, a named segment left.
  await actOnExitRuleChanges(
    tx,
    registry,
    workspaceId,
    id,
    before?.attributes,
    contact!.attributes,
    exitedBy,
  );
  return { contact: contact!, enteredSegments: entered };
}
