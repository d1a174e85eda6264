import { randomUUID } from 'node:crypto';
import type { LogicRule } from '@crossroads/graph-schema';
import { type Registry, ruleMatchesEvent, SEGMENT_ENTERED_EVENT, triggerSegments } from '@crossroads/nodes';
import type { Sql, TransactionSql } from '../db/connect.js';
import { activeJourneys } from '../walk/journeys.js';
import { actOnEvents } from './actOnEvents.js';

export interface Contact {
  id: string;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Names of segments that active `trigger` nodes start on, with their rules. */
async function segmentTriggers(tx: TransactionSql, registry: Registry, workspaceId: string) {
  const names = new Set<string>();
  for (const { journey } of await activeJourneys(tx, registry, workspaceId)) {
    for (const name of triggerSegments(journey)) names.add(name);
  }
  if (names.size === 0) return [];
  return tx<{ name: string; rule: LogicRule }[]>`
    select name, rule from segments where workspace_id = ${workspaceId} and name = any(${[...names]}::text[])`;
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
    const entered: string[] = [];
    for (const segment of await segmentTriggers(tx, registry, workspaceId)) {
      // A rule that fails on these attributes (a huge list, a JSONLogic quirk) is not entered.
      const matches = (attrs: Record<string, unknown>) =>
        ruleMatchesEvent(segment.rule, {
          contact: { ...attrs, id },
          now: new Date().toISOString(),
          engagement: {},
        }).matched;
      if (!matches(before?.attributes ?? {}) && matches(contact!.attributes)) entered.push(segment.name);
    }
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
  });
}
