import { randomUUID } from 'node:crypto';
import type { StepDelivery } from '@crossroads/api';
import type { LogicRule } from '@crossroads/graph-schema';
import { evaluateRule, type Registry, SEGMENT_ENTERED_EVENT, type TriggerConfig } from '@crossroads/nodes';
import type { Sql, TransactionSql } from '../db/connect.js';
import { activeJourneys } from '../engine/journeys.js';
import { actOnEvents } from './events.js';

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
    const config = journey.trigger?.config as TriggerConfig | undefined;
    if (config?.on === 'segment') names.add(config.segment);
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
      const matches = (attrs: Record<string, unknown>) =>
        evaluateRule(segment.rule, {
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

/** A contact with its live enrollments, or undefined. */
export async function getContact(sql: Sql, workspaceId: string, id: string) {
  const [contact] = await sql<Contact[]>`
    select id, attributes, created_at, updated_at from contacts where workspace_id = ${workspaceId} and id = ${id}`;
  if (!contact) return undefined;
  const enrollments = await sql`
    select id, workflow_id, version, state, node_id, wait_event, wait_until, started_at, ended_at
    from enrollments where workspace_id = ${workspaceId} and contact_id = ${id}
    order by id desc limit 100`;
  return { ...contact, enrollments: enrollments.map((e) => ({ ...e, id: String(e.id) })) };
}

export interface TraceStep {
  id: string;
  enrollmentId: string;
  workflowId: string;
  workflowName: string | null;
  version: number;
  nodeId: string;
  nodeType: string;
  at: Date;
  output: string | null;
  decision: unknown;
  reason: unknown;
  /** What became of the email or handoff this step wrote (null for steps that wrote none). */
  delivery: StepDelivery | null;
}

/** Every journey step the contact took, oldest first, `limit` at a time after step `after`. */
export async function contactTrace(
  sql: Sql,
  workspaceId: string,
  contactId: string,
  options: { after?: string; limit: number },
): Promise<TraceStep[]> {
  // A step's effect has the key (enrollment, node, visit) the walk gave it (advanceEnrollment.ts).
  const rows = await sql<TraceStep[]>`
    select s.id, s.enrollment_id, s.workflow_id, w.name as workflow_name, s.version, s.node_id, s.node_type,
           s.at, s.output, s.decision, s.reason,
           case when f.id is not null then jsonb_build_object(
             'effectId', f.id::text, 'kind', f.kind,
             'state', case when f.kind = 'handoff' and f.state = 'sent'
                             and f.payload -> 'delivery' ->> 'channel' = 'ledger'
                           then 'delivered-to-ledger' else f.state end,
             'sentAt', f.sent_at, 'subject', m.subject, 'to', m.to_address,
             'note', f.payload -> 'delivery' ->> 'note', 'owner', f.payload -> 'delivery' ->> 'owner')
           end as delivery
    from journey_steps s
    left join workflows w on w.id = s.workflow_id
    left join effects f on s.decision ? 'effect'
      and f.idempotency_key = s.enrollment_id || ':' || s.node_id || ':' || s.visit
    left join messages m on m.effect_id = f.id
    where s.workspace_id = ${workspaceId} and s.contact_id = ${contactId} and s.id > ${options.after ?? '0'}
    order by s.id limit ${options.limit}`;
  return rows.map((r) => ({ ...r, id: String(r.id), enrollmentId: String(r.enrollmentId) }));
}
