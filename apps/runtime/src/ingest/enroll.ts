import { type Enrolment, notEnrolledStep, type PassedOver } from '@crossroads/nodes';
import type { TransactionSql } from '../db/connect.js';
import { addJobs, advanceJobs } from '../queue/jobs.js';
import { writePassedOver } from './priorityTrace.js';

/** A contact a trigger matched, to be enrolled into a pinned version (the event policy's `Enrolment`). */
export type EnrollmentCandidate = Enrolment;

// Contact, then group, then journey: concurrent ingests take the unique indexes' locks (re-entry
// per journey and contact, exclusive group per contact) in the same order, so they do not deadlock.
const key = (c: EnrollmentCandidate) => `${c.contactId}\u0000${c.exclusiveGroup ?? ''}\u0000${c.workflowId}`;

/**
 * Enrolls candidates in one statement and queues the first `advance` job of the treated ones in
 * the same transaction; control ones are held (never advanced, followed for the goal). Re-entry
 * and exclusive groups are the database's job: partial unique indexes refuse a second 'once' row,
 * a second live 'after-exit' row and a second live row of one group for a contact, and
 * `on conflict do nothing` skips them, also under concurrent ingestion. A grouped candidate
 * refused because another journey of its group got there first (an event ingested at the same
 * time) gets the trace line naming that journey. Returns the enrollments made (id, and the event
 * that made each).
 */
export async function enroll(
  tx: TransactionSql,
  workspaceId: string,
  input: readonly EnrollmentCandidate[],
): Promise<Array<{ id: string; eventId: string | null }>> {
  if (input.length === 0) return [];
  const keyed = input.map((c) => [key(c), c] as const);
  keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const candidates = keyed.map(([, c]) => c);
  const rows = await tx<
    { id: string; cohort: string; workflowId: string; contactId: string; eventId: string | null }[]
  >`
    insert into enrollments (workspace_id, workflow_id, version, contact_id, reentry, node_id, event_id, cohort, state,
                             exclusive_group)
    select ${workspaceId}, x.workflow_id, x.version, x.contact_id, x.reentry, x.node_id, x.event_id, x.cohort,
           case when x.cohort = 'control' then 'held' else 'active' end, x.exclusive_group
    from unnest(${candidates.map((c) => c.workflowId)}::uuid[], ${candidates.map((c) => c.version)}::int[],
                ${candidates.map((c) => c.contactId)}::text[], ${candidates.map((c) => c.reentry)}::text[],
                ${candidates.map((c) => c.nodeId)}::text[], ${candidates.map((c) => c.eventId)}::text[],
                ${candidates.map((c) => c.cohort ?? 'treated')}::text[],
                ${candidates.map((c) => c.exclusiveGroup ?? null)}::text[])
      as x(workflow_id, version, contact_id, reentry, node_id, event_id, cohort, exclusive_group)
    on conflict do nothing
    returning id, cohort, workflow_id, contact_id, event_id`;
  const treated = rows.filter((row) => row.cohort !== 'control').map((row) => String(row.id));
  await addJobs(tx, advanceJobs(treated.map((enrollmentId) => ({ enrollmentId, visit: 0 }))));
  if (rows.length < candidates.length) await explainRefusals(tx, workspaceId, candidates, rows);
  return rows.map((row) => ({ id: String(row.id), eventId: row.eventId }));
}

/** Trace lines for grouped candidates another journey of the group took while we decided. */
async function explainRefusals(
  tx: TransactionSql,
  workspaceId: string,
  candidates: readonly EnrollmentCandidate[],
  made: ReadonlyArray<{ workflowId: string; contactId: string }>,
) {
  const madeKeys = new Set(made.map((r) => `${r.workflowId}\u0000${r.contactId}`));
  const refused = candidates.filter(
    (c) => c.exclusiveGroup && !madeKeys.has(`${c.workflowId}\u0000${c.contactId}`),
  );
  if (refused.length === 0) return;
  const holders = await tx<
    { exclusiveGroup: string; contactId: string; workflowId: string; name: string; priority: number }[]
  >`
    select e.exclusive_group, e.contact_id, e.workflow_id, w.name, w.priority
    from enrollments e join workflows w on w.id = e.workflow_id
    join unnest(${refused.map((c) => c.exclusiveGroup as string)}::text[], ${refused.map((c) => c.contactId)}::text[])
      as x(exclusive_group, contact_id) on x.exclusive_group = e.exclusive_group and x.contact_id = e.contact_id
    where e.workspace_id = ${workspaceId} and e.ended_at is null`;
  const holderOf = new Map(holders.map((h) => [`${h.exclusiveGroup}\u0000${h.contactId}`, h]));
  const lines: PassedOver[] = [];
  for (const enrolment of refused) {
    const group = enrolment.exclusiveGroup as string;
    const holder = holderOf.get(`${group}\u0000${enrolment.contactId}`);
    // Refused by re-entry (or already in this very journey): no priority line.
    if (!holder || holder.workflowId === enrolment.workflowId) continue;
    const winner = { workflowId: holder.workflowId, name: holder.name, priority: holder.priority };
    const event = { id: enrolment.eventId ?? undefined, type: '', properties: {}, timestamp: '' };
    lines.push({ enrolment, winner, step: notEnrolledStep(enrolment.nodeId, group, winner, event) });
  }
  await writePassedOver(tx, workspaceId, lines);
}
