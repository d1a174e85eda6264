import type { StepDelivery } from '@crossroads/api';
import type { Registry } from '@crossroads/nodes';
import type { Sql } from '../db/connect.js';
import type { Contact } from '../ingest/upsertContact.js';
import { retryOption, stepStates } from './retryStep.js';

/**
 * A contact with its enrollments (newest 100), each with why it failed, the step the runtime is
 * retrying, and what an operator may retry now (`retryOption`).
 */
export async function getContact(sql: Sql, registry: Registry, workspaceId: string, id: string) {
  const [contact] = await sql<Contact[]>`
    select id, attributes, created_at, updated_at from contacts where workspace_id = ${workspaceId} and id = ${id}`;
  if (!contact) return undefined;
  const enrollments = await sql`
    select id::text, workflow_id, version, state, node_id, wait_event, wait_until, started_at, ended_at
    from enrollments where workspace_id = ${workspaceId} and contact_id = ${id}
    order by id desc limit 100`;
  const steps = await stepStates(
    sql,
    workspaceId,
    enrollments.map((e) => e.id as string),
  );
  return {
    ...contact,
    enrollments: enrollments.map((e) => {
      const step = steps.get(e.id as string);
      return {
        ...e,
        error: step?.error ?? null,
        retrying: step?.endedAt === null ? (step.retry ?? null) : null,
        retry: step ? retryOption(step, registry) : null,
      };
    }),
  };
}

export interface TraceStep {
  id: string;
  /** Null for a priority line of a contact a journey did not enrol (no enrollment exists). */
  enrollmentId: string | null;
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
  // Steps are found through the contact's enrolments (migration 250: only steps without one, priority
  // lines, keep an index by contact). Ids first: an `in (select …)` under `or` would scan every step.
  const enrollments = await sql<{ id: string }[]>`
    select id from enrollments where workspace_id = ${workspaceId} and contact_id = ${contactId}`;
  // A step's effect has the key (enrollment, node, visit) the walk gave it (walk/recordWalk.ts).
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
    where s.workspace_id = ${workspaceId} and s.id > ${options.after ?? '0'}
      and (s.enrollment_id = any(${enrollments.map((e) => e.id)}::bigint[])
           or (s.enrollment_id is null and s.contact_id = ${contactId}))
    order by s.id limit ${options.limit}`;
  return rows.map((r) => ({
    ...r,
    id: String(r.id),
    enrollmentId: r.enrollmentId === null ? null : String(r.enrollmentId),
  }));
}
