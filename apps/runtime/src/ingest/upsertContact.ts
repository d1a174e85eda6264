import { randomUUID } from 'node:crypto';
import type { LogicRule } from '@crossroads/graph-schema';
import { evaluateRule, type Registry, SEGMENT_ENTERED_EVENT, triggerSegments } from '@crossroads/nodes';
import type { Sql, TransactionSql } from '../db/connect.js';
import { activeJourneys } from '../walk/journeys.js';
import { actOnEvents } from './actOnEvents.js';

export interface Contact {
  id: string;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** A named segment an active journey's trigger starts on. */
export interface SegmentTrigger {
  name: string;
  rule: LogicRule;
}

/** Names of segments that active `trigger` nodes start on, with their rules. */
export async function segmentTriggers(
  tx: TransactionSql,
  registry: Registry,
  workspaceId: string,
): Promise<SegmentTrigger[]> {
  const names = new Set<string>();
  for (const { journey } of await activeJourneys(tx, registry, workspaceId)) {
    for (const name of triggerSegments(journey)) names.add(name);
  }
  if (names.size === 0) return [];
  return tx<SegmentTrigger[]>`
    select name, rule from segments where workspace_id = ${workspaceId} and name = any(${[...names]}::text[])`;
}

/**
 * The segments a contact enters when its attributes go from `before` (undefined: a new contact)
 * to `after`: the rule did not match before and matches now. Imports decide entry with this too.
 */
export function enteredSegments(
  segments: readonly SegmentTrigger[],
  id: string,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  now = new Date().toISOString(),
): string[] {
  const matches = (rule: LogicRule, attrs: Record<string, unknown>) =>
    evaluateRule(rule, { contact: { ...attrs, id }, now, engagement: {} }).matched;
  return segments
    .filter((segment) => !matches(segment.rule, before ?? {}) && matches(segment.rule, after))
    .map((segment) => segment.name);
}

/**
 * Merges attributes into a contact (creating it), then enrolls the contact into journeys that
 * start on a segment the contact has just entered: a `segment.entered` event is stored and
 * processed like any other, in the same transaction.
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
  const segments = await segmentTriggers(tx, registry, workspaceId);
  const entered = enteredSegments(segments, id, before?.attributes, contact!.attributes);
  if (entered.length > 0) {
    const timestamp = new Date().toISOString();
    const events = entered.map((segment) => ({
      id: `${SEGMENT_ENTERED_EVENT}:${randomUUID()}`,
      contactId: id,
      type: SEGMENT_ENTERED_EVENT,
      properties: { segment },
      timestamp,
    }));
    await tx`
        insert into events (workspace_id, id, contact_id, type, properties, occurred_at)
        select ${workspaceId}, x.id, x.contact_id, x.type, x.properties, x.occurred_at
        from jsonb_to_recordset(${tx.json(events.map((e) => ({ ...e, contact_id: e.contactId, occurred_at: e.timestamp })) as never)})
          as x(id text, contact_id text, type text, properties jsonb, occurred_at timestamptz)`;
    await actOnEvents(tx, registry, workspaceId, events);
  }
  return { contact: contact!, enteredSegments: entered };
}
