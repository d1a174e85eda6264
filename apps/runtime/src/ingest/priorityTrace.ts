import type { ReentryPolicy } from '@crossroads/graph-schema';
import type { PassedOver } from '@crossroads/nodes';
import type { TransactionSql } from '../db/connect.js';

/**
 * Writes the trace line of each contact a journey did not enrol because another journey of its
 * exclusive group won: a `priority` step on the journey's trigger with no enrollment (there is
 * none), so the contact's trace and the priorities view (overlap) both read it. A journey whose
 * re-entry refuses the contact is not passed over (the policy left it out: `reentryRefusals`), so
 * every line here is one priority decided.
 */
export async function writePassedOver(
  tx: TransactionSql,
  workspaceId: string,
  passedOver: readonly PassedOver[],
): Promise<void> {
  if (passedOver.length === 0) return;
  const rows = passedOver.map(({ enrolment, step }) => ({
    workflow_id: enrolment.workflowId,
    version: enrolment.version,
    contact_id: enrolment.contactId,
    node_id: step.nodeId,
    node_type: step.nodeType,
    decision: step.decision,
    reason: step.reason,
  }));
  await tx`
    insert into journey_steps (workspace_id, enrollment_id, workflow_id, version, contact_id, node_id, node_type,
                               visit, decision, reason)
    select ${workspaceId}, null, x.workflow_id, x.version, x.contact_id, x.node_id, x.node_type, 0, x.decision, x.reason
    from jsonb_to_recordset(${tx.json(rows as never)})
      as x(workflow_id uuid, version int, contact_id text, node_id text, node_type text, decision jsonb,
           reason jsonb)`;
}

/**
 * The event policy's `reentryRefuses` for the grouped journeys of `workflowIds`: whether re-entry
 * would refuse a contact (in the journey now; or, for 'once', ever), so that priority passes the
 * contact to the next journey of the group instead of a winner the database then refuses.
 * `live` are the contacts' live enrollments (already loaded); ended 'once' rows cost one query on
 * the contact index, made only when a grouped journey listens.
 */
export async function reentryRefusals(
  tx: TransactionSql,
  workspaceId: string,
  contactIds: readonly string[],
  workflowIds: readonly string[],
  live: ReadonlyArray<{ workflowId: string; contactId: string }>,
): Promise<(workflowId: string, contactId: string, reentry: ReentryPolicy) => boolean> {
  const key = (workflowId: string, contactId: string) => `${workflowId}\u0000${contactId}`;
  const inNow = new Set(live.map((e) => key(e.workflowId, e.contactId)));
  const once = new Set(
    (
      await tx<{ workflowId: string; contactId: string }[]>`
        select workflow_id, contact_id from enrollments
        where workspace_id = ${workspaceId} and contact_id = any(${contactIds as string[]}::text[])
          and workflow_id = any(${workflowIds as string[]}::uuid[]) and reentry = 'once' and ended_at is not null`
    ).map((r) => key(r.workflowId, r.contactId)),
  );
  return (workflowId, contactId, reentry) => {
    if (reentry === 'always') return false;
    const k = key(workflowId, contactId);
    return inNow.has(k) || (reentry === 'once' && once.has(k));
  };
}
