import type { ReentryPolicy } from '@crossroads/graph-schema';
import type { TransactionSql } from '../db/connect.js';
import { addJobs, advanceJobs } from '../queue/jobs.js';

/** A contact a trigger matched, to be enrolled into a pinned version. */
export interface EnrollmentCandidate {
  workflowId: string;
  version: number;
  contactId: string;
  reentry: ReentryPolicy;
  /** The trigger node: the first node the enrollment runs. */
  nodeId: string;
  eventId: string | null;
}

/**
 * Enrolls candidates in one statement and queues their first `advance` job in the same
 * transaction. Re-entry is the database's job: the partial unique indexes on enrollments refuse a
 * second 'once' row and a second live 'after-exit' row, and `on conflict do nothing` skips them,
 * also under concurrent ingestion. Returns the ids of the enrollments made.
 */
export async function enroll(
  tx: TransactionSql,
  workspaceId: string,
  input: readonly EnrollmentCandidate[],
): Promise<string[]> {
  let candidates = input;
  if (candidates.length === 0) return [];
  // Key order, so concurrent ingests take the unique index's locks in the same order.
  const key = (c: EnrollmentCandidate) => `${c.workflowId}\u0000${c.contactId}`;
  candidates = [...candidates].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const rows = await tx<{ id: string }[]>`
    insert into enrollments (workspace_id, workflow_id, version, contact_id, reentry, node_id, event_id)
    select ${workspaceId}, x.workflow_id, x.version, x.contact_id, x.reentry, x.node_id, x.event_id
    from unnest(${candidates.map((c) => c.workflowId)}::uuid[], ${candidates.map((c) => c.version)}::int[],
                ${candidates.map((c) => c.contactId)}::text[], ${candidates.map((c) => c.reentry)}::text[],
                ${candidates.map((c) => c.nodeId)}::text[], ${candidates.map((c) => c.eventId)}::text[])
      as x(workflow_id, version, contact_id, reentry, node_id, event_id)
    on conflict do nothing
    returning id`;
  const ids = rows.map((row) => String(row.id));
  await addJobs(tx, advanceJobs(ids.map((enrollmentId) => ({ enrollmentId, visit: 0 }))));
  return ids;
}
