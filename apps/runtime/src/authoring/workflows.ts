import type { Graph, Problem } from '@crossroads/graph-schema';
import { recordAudit } from '../access/audit.js';
import type { Queryable, Sql } from '../db/connect.js';
import { recordDraftEdit } from './draftSessions.js';

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

/** Summaries of every workflow in the workspace, most recently changed first. */
export async function listWorkflows(sql: Queryable, workspaceId: string): Promise<WorkflowSummary[]> {
  return sql<WorkflowSummary[]>`
    select w.id, w.name, w.status, w.active_version, w.draft_revision, w.created_at, w.updated_at,
           (select max(v.version) from workflow_versions v where v.workflow_id = w.id) as latest_version
    from workflows w
    where w.workspace_id = ${workspaceId}
    order by w.updated_at desc, w.id`;
}

/** One workflow with its draft, or null when it does not exist in this workspace. */
export async function getWorkflow(
  sql: Queryable,
  workspaceId: string,
  id: string,
): Promise<WorkflowDetail | null> {
  const [row] = await sql<WorkflowDetail[]>`
    select w.id, w.name, w.status, w.active_version, w.draft_revision, w.created_at, w.updated_at, w.draft,
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

export type SaveDraftResult =
  | { ok: true; draftRevision: number; updatedAt: Date }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; currentRevision: number };

/**
 * Replaces the draft and bumps its revision. With `baseRevision`, saves only if nobody saved since
 * that revision (the editor's autosave sends the revision it loaded), so concurrent edits are
 * detected instead of silently overwritten.
 */
export async function saveDraft(
  sql: Sql,
  actor: Actor,
  id: string,
  input: { graph: Graph; problems: Problem[]; baseRevision?: number | undefined },
): Promise<SaveDraftResult> {
  return sql.begin(async (tx): Promise<SaveDraftResult> => {
    const [current] = await tx<{ draftRevision: number }[]>`
      select draft_revision from workflows
      where workspace_id = ${actor.workspaceId} and id = ${id} for update`;
    if (!current) return { ok: false, reason: 'not-found' };
    if (input.baseRevision !== undefined && input.baseRevision !== current.draftRevision) {
      return { ok: false, reason: 'conflict', currentRevision: current.draftRevision };
    }
    // Audited per editing session, not per save (the entry is written when the session closes).
    await recordDraftEdit(tx, actor, id);
    const [saved] = await tx<{ draftRevision: number; updatedAt: Date }[]>`
      update workflows
      set draft = ${tx.json(input.graph as never)}, draft_revision = draft_revision + 1, updated_at = now()
      where workspace_id = ${actor.workspaceId} and id = ${id}
      returning draft_revision, updated_at`;
    return { ok: true, draftRevision: saved!.draftRevision, updatedAt: saved!.updatedAt };
  });
}

const countErrors = (problems: Problem[]) => problems.filter((p) => p.severity === 'error').length;
