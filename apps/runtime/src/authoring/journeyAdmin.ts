import { recordAudit } from '../access/audit.js';
import type { Sql } from '../db/connect.js';
import { type Actor, getWorkflow, type WorkflowDetail, type WorkflowSummary } from './workflows.js';

const strip = ({ draft: _draft, ...summary }: WorkflowDetail): WorkflowSummary => summary;

/**
 * A new workflow whose draft is a copy of this one's draft, named `name` (in the graph too).
 * Versions, test cases and contacts stay with the original. Null when there is no such workflow.
 */
export async function duplicateWorkflow(
  sql: Sql,
  actor: Actor,
  id: string,
  name: string | undefined,
): Promise<WorkflowDetail | null> {
  return sql.begin(async (tx) => {
    const [from] = await tx<{ name: string }[]>`
      select name from workflows where workspace_id = ${actor.workspaceId} and id = ${id}`;
    if (!from) return null;
    const copyName = name ?? `Copy of ${from.name}`.slice(0, 200);
    const [row] = await tx<{ id: string }[]>`
      insert into workflows (workspace_id, name, draft)
      select workspace_id, ${copyName}, jsonb_set(draft, '{name}', to_jsonb(${copyName}::text))
      from workflows where workspace_id = ${actor.workspaceId} and id = ${id}
      returning id`;
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'workflow.duplicated',
      workflowId: row!.id,
      subject: copyName,
      details: { from: id, fromName: from.name },
    });
    return getWorkflow(tx, actor.workspaceId, row!.id);
  });
}

/**
 * Archives a workflow: out of the list, enrolling nobody (a live one is paused, so contacts
 * already enrolled go on through their version), versions and traces kept. Archiving twice keeps
 * the first time. Null when there is no such workflow.
 */
export async function archiveWorkflow(
  sql: Sql,
  actor: Actor,
  id: string,
  reason: string | undefined,
): Promise<WorkflowSummary | null> {
  return sql.begin(async (tx) => {
    const [current] = await tx<{ status: string; archivedAt: Date | null; activeVersion: number | null }[]>`
      select status, archived_at, active_version from workflows
      where workspace_id = ${actor.workspaceId} and id = ${id} for update`;
    if (!current) return null;
    if (!current.archivedAt) {
      await tx`update workflows
               set archived_at = now(), updated_at = now(),
                   status = case when status = 'active' then 'paused' else status end
               where id = ${id}`;
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'workflow.archived',
        workflowId: id,
        details: {
          status: current.status,
          activeVersion: current.activeVersion,
          ...(current.status === 'active' ? { paused: true } : {}),
          ...(reason ? { reason } : {}),
        },
      });
    }
    return strip((await getWorkflow(tx, actor.workspaceId, id))!);
  });
}

/** Brings an archived workflow back to the list; it stays paused until someone activates it. */
export async function unarchiveWorkflow(sql: Sql, actor: Actor, id: string): Promise<WorkflowSummary | null> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ archivedAt: Date | null }[]>`
      select archived_at from workflows where workspace_id = ${actor.workspaceId} and id = ${id} for update`;
    if (!row) return null;
    if (row.archivedAt) {
      await tx`update workflows set archived_at = null, updated_at = now() where id = ${id}`;
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'workflow.unarchived',
        workflowId: id,
      });
    }
    return strip((await getWorkflow(tx, actor.workspaceId, id))!);
  });
}

export type DeleteResult =
  | { ok: true }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'published'; versions: number };

/**
 * Deletes a workflow that was never published (its draft and test cases). A published one has
 * versions, and maybe enrollments and traces, that auditors keep: it is refused (archive it).
 */
export async function deleteWorkflow(sql: Sql, actor: Actor, id: string): Promise<DeleteResult> {
  return sql.begin(async (tx): Promise<DeleteResult> => {
    const [row] = await tx<{ name: string; versions: number }[]>`
      select w.name, (select count(*)::int from workflow_versions v where v.workflow_id = w.id) as versions
      from workflows w where w.workspace_id = ${actor.workspaceId} and w.id = ${id} for update`;
    if (!row) return { ok: false, reason: 'not-found' };
    if (row.versions > 0) return { ok: false, reason: 'published', versions: row.versions };
    await tx`delete from workflows where workspace_id = ${actor.workspaceId} and id = ${id}`;
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'workflow.deleted',
      workflowId: id,
      subject: row.name,
    });
    return { ok: true };
  });
}
