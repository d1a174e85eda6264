import type { PassedOver } from '@crossroads/nodes';
import type { TransactionSql } from '../db/connect.js';

/**
 * Writes the trace line of each contact a journey did not enrol because another journey of its
 * exclusive group won: a `priority` step on the journey's trigger with no enrollment (there is
 * none), so the contact's trace and the priorities view (overlap) both read it. A contact the
 * journey's re-entry would have refused anyway (in it once, for 'once'; in it now, for
 * 'after-exit') gets no line: priority did not keep it out. One statement; each `not exists`
 * matches the predicate of its re-entry index (migration 020), so it is an index probe.
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
    reentry: enrolment.reentry,
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
      as x(workflow_id uuid, version int, contact_id text, reentry text, node_id text, node_type text,
           decision jsonb, reason jsonb)
    where not (x.reentry = 'once' and exists (
            select 1 from enrollments e
            where e.workflow_id = x.workflow_id and e.contact_id = x.contact_id and e.reentry = 'once'))
      and not (x.reentry = 'after-exit' and exists (
            select 1 from enrollments e
            where e.workflow_id = x.workflow_id and e.contact_id = x.contact_id and e.reentry = 'after-exit'
              and e.ended_at is null))`;
}
