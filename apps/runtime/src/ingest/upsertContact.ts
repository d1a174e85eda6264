import { randomUUID } from 'node:crypto';
import type { LogicRule } from '@crossroads/graph-schema';
import { evaluateRule, type Registry, SEGMENT_ENTERED_EVENT, triggerSegments } from '@crossroads/nodes';
import type { Sql, TransactionSql } from '../db/connect.js';
import { activeJourneys } from '../walk/journeys.js';
import { actOnEvents, eventContext } from './actOnEvents.js';
import { type ClockRow, clockRow, SEGMENT_EXITED_EVENT, saveClocks } from './segmentClocks.js';

export interface Contact {
  id: string;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The segments that active `trigger` nodes start on, with the rule each journey's live version
 * pinned (two versions may pin different revisions of one segment).
 */
async function segmentTriggers(tx: TransactionSql, registry: Registry, workspaceId: string) {
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
  return tx<{ workflowId: string; version: number; name: string; rule: LogicRule }[]>`
    select p.workflow_id, p.version, p.segment_name as name, r.rule
    from version_segments p
    join segment_revisions r on r.segment_id = p.segment_id and r.revision = p.revision
    join unnest(${wanted.map((w) => w.workflowId)}::uuid[], ${wanted.map((w) => w.version)}::int[],
                ${wanted.map((w) => w.name)}::text[]) as k(workflow_id, version, name)
      on p.workflow_id = k.workflow_id and p.version = k.version and p.segment_name = k.name`;
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
  return sql.begin(async (tx) => {
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
      const matches = (attrs: Record<string, unknown>) =>
        evaluateRule(trigger.rule, {
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
      await tx`
        insert into events (workspace_id, id, contact_id, type, properties, occurred_at)
        values (${workspaceId}, ${event.id}, ${id}, ${event.type}, ${tx.json(event.properties)}, ${timestamp})`;
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
      await tx`
        insert into events (workspace_id, id, contact_id, type, properties, occurred_at)
        values (${workspaceId}, ${event.id}, ${id}, ${event.type}, ${tx.json(event.properties)}, ${timestamp})`;
      const context = await eventContext(tx, registry, workspaceId, [id]);
      await actOnEvents(tx, registry, workspaceId, [event], {
        journeys: context.journeys.filter((j) => workflows.has(j.workflowId)),
        live: context.live.filter((l) => workflows.has(l.workflowId)),
      });
    }
    return { contact: contact!, enteredSegments: entered };
  });
}
