import type { Graph, Problem } from '@crossroads/graph-schema';
import { recordAudit } from '../access/audit.js';
import type { Queryable, Sql } from '../db/connect.js';

export type WorkflowStatus = 'draft' | 'active' | 'paused';

export interface WorkflowSummary {
  id: string;
  name: string;
  status: WorkflowStatus;
  activeVersion: number | null;
  latestVersion: number | null;
  draftRevision: number;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

export interface WorkflowDetail extends WorkflowSummary {
  draft: unknown;
}

/** Who is acting, in which workspace: every service call that writes takes one. */
export interface Actor {
  workspaceId: string;
  /** For the audit log: actorOf(auth). */
  name: string;
}

export interface WorkflowListFilter {
  /** Part of the name, any case. */
  q?: string | undefined;
  archived?: 'exclude' | 'only' | 'include' | undefined;
}

/** Summaries of the workspace's workflows (archived ones left out by default), most recently changed first. */
export async function listWorkflows(
  sql: Queryable,
  workspaceId: string,
  filter: WorkflowListFilter = {},
): Promise<WorkflowSummary[]> {
  const archived = filter.archived ?? 'exclude';
  const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return sql<WorkflowSummary[]>`
    select w.id, w.name, w.status, w.active_version, w.draft_revision, w.created_at, w.updated_at, w.archived_at,
           (select max(v.version) from workflow_versions v where v.workflow_id = w.id) as latest_version
    from workflows w
    where w.workspace_id = ${workspaceId}
      and (${archived} = 'include' or (w.archived_at is not null) = (${archived} = 'only'))
      and (${pattern}::text is null or w.name ilike ${pattern})
    order by w.updated_at desc, w.id`;
}

/** One workflow with its draft, or null when it does not exist in this workspace. */
export async function getWorkflow(
  sql: Queryable,
  workspaceId: string,
  id: string,
): Promise<WorkflowDetail | null> {
  const [row] = await sql<WorkflowDetail[]>`
    select w.id, w.name, w.status, w.active_version, w.draft_revision, w.created_at, w.updated_at, w.archived_at, w.draft,
           (select max(v.version) from workflow_versions v where v.workflow_id = w.id) as latest_version
    from workflows w
    where w.workspace_id = ${workspaceId} and w.id = ${id}`;
  return row ?? null;
}

export async function createWorkflow(
  sql: Sql,
  actor: Actor,
  input: { name: string; graph: Graph; problems: Problem[] },
): Promise<WorkflowDetail> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      insert into workflows (workspace_id, name, draft)
      values (${actor.workspaceId}, ${input.name}, ${tx.json(input.graph as never)})
      returning id`;
    const id = row!.id;
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'workflow.created',
      workflowId: id,
      subject: input.name,
      details: { draftRevision: 1, errors: countErrors(input.problems) },
    });
    return (await getWorkflow(tx, actor.workspaceId, id))!;
  });
}

/** Renames a workflow; null when it does not exist in this workspace. */
export async function renameWorkflow(
  sql: Sql,
  actor: Actor,
  id: string,
  name: string,
): Promise<WorkflowSummary | null> {
  return sql.begin(async (tx) => {
    const [before] = await tx<{ name: string }[]>`
      select name from workflows where workspace_id = ${actor.workspaceId} and id = ${id} for update`;
    if (!before) return null;
    await tx`update workflows set name = ${name}, updated_at = now()
             where workspace_id = ${actor.workspaceId} and id = ${id}`;
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'workflow.renamed',
      workflowId: id,
      subject: name,
      details: { from: before.name, to: name },
    });
    return getWorkflow(tx, actor.workspaceId, id);
  });
}

const countErrors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error').length;
