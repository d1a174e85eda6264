import { recordAudit } from '../access/audit.js';
import type { Sql, TransactionSql } from '../db/connect.js';
import { addJobs, TASKS } from '../queue/jobs.js';
import type { Actor } from './workflows.js';
import { getWorkflow, type WorkflowSummary } from './workflows.js';

export type LifecycleResult =
  | { ok: true; workflow: WorkflowSummary; changed: boolean }
  | {
      ok: false;
      reason: 'not-found' | 'version-not-found' | 'reason-required' | 'not-active';
      detail: string;
    };

interface LockedWorkflow {
  status: 'draft' | 'active' | 'paused';
  activeVersion: number | null;
  archivedAt: Date | null;
}

const strip = ({ draft: _draft, ...summary }: WorkflowSummary & { draft?: unknown }) => summary;

/**
 * Makes `version` the workflow's active version and sets it active. Used to roll back too:
 * activating a version older than the current one needs a `reason`, which goes to the audit log.
 * Activating the version that is already active is a no-op.
 */
/** "Also enrol the contacts already in the segment": what the caller counted before activating. */
export interface EnrolExisting {
  segments: string[];
  contacts: number;
}

interface ActivateInput {
  version: number;
  reason?: string | undefined;
  enrolExisting?: EnrolExisting | undefined;
}

export async function activateVersion(
  sql: Sql,
  actor: Actor,
  workflowId: string,
  input: ActivateInput,
): Promise<LifecycleResult> {
  return sql.begin((tx) => activateIn(tx, actor, workflowId, input));
}

/** `activateVersion` inside the caller's transaction (publish and go live in one step uses it). */
export async function activateIn(
  tx: TransactionSql,
  actor: Actor,
  workflowId: string,
  input: ActivateInput,
): Promise<LifecycleResult> {
  const [current] = await tx<LockedWorkflow[]>`
    select status, active_version, archived_at from workflows
    where workspace_id = ${actor.workspaceId} and id = ${workflowId} for update`;
  if (!current) return { ok: false, reason: 'not-found', detail: 'Workflow was not found' };
  if (current.archivedAt) {
    // Archived journeys enrol nobody (journeyAdmin.ts): bringing one back is a decision of its own.
    return {
      ok: false,
      reason: 'not-active',
      detail: 'This journey is archived: unarchive it before activating',
    };
  }
  const [exists] = await tx`
    select 1 from workflow_versions where workflow_id = ${workflowId} and version = ${input.version}`;
  if (!exists) {
    return {
      ok: false,
      reason: 'version-not-found',
      detail: `Version ${input.version} of this workflow was not found (publish it first)`,
    };
  }
  const { status, activeVersion } = current;
  if (status === 'active' && activeVersion === input.version) {
    return {
      ok: true,
      workflow: strip((await getWorkflow(tx, actor.workspaceId, workflowId))!),
      changed: false,
    };
  }
  const rollback = activeVersion !== null && input.version < activeVersion;
  if (rollback && !input.reason) {
    return {
      ok: false,
      reason: 'reason-required',
      detail: `Version ${input.version} is older than the active version ${activeVersion}: give a reason for the rollback`,
    };
  }
  // Activating the version under rollout finishes the rollout (everyone gets it now).
  await tx`update workflows set status = 'active', active_version = ${input.version}, updated_at = now(),
             rollout_version = nullif(rollout_version, ${input.version}),
             rollout_percent = case when rollout_version = ${input.version} then 0 else rollout_percent end
           where id = ${workflowId}`;
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    actor: actor.name,
    action: 'workflow.activated',
    workflowId,
    subject: `v${input.version}`,
    details: {
      fromVersion: activeVersion,
      toVersion: input.version,
      fromStatus: status,
      rollback,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.enrolExisting && { enrolExisting: input.enrolExisting }),
    },
  });
  await versionJobs(tx, actor.workspaceId, workflowId, input);
  return {
    ok: true,
    workflow: strip((await getWorkflow(tx, actor.workspaceId, workflowId))!),
    changed: true,
  };
}

/**
 * Pauses an active workflow: no new enrollments; contacts already enrolled go on through their
 * version (the walk does not read the workflow's status). The active version is kept, so activating
 * it again lets triggers enrol again. Pausing a paused workflow is a no-op; a workflow that was
 * never activated cannot be paused.
 */
export async function pauseWorkflow(
  sql: Sql,
  actor: Actor,
  workflowId: string,
  input: { reason?: string | undefined },
): Promise<LifecycleResult> {
  return sql.begin(async (tx): Promise<LifecycleResult> => {
    const [current] = await tx<LockedWorkflow[]>`
      select status, active_version from workflows
      where workspace_id = ${actor.workspaceId} and id = ${workflowId} for update`;
    if (!current) return { ok: false, reason: 'not-found', detail: 'Workflow was not found' };
    if (current.status === 'draft') {
      return {
        ok: false,
        reason: 'not-active',
        detail: 'This workflow has never been activated, so it cannot be paused',
      };
    }
    if (current.status === 'active') {
      await tx`update workflows set status = 'paused', updated_at = now() where id = ${workflowId}`;
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'workflow.paused',
        workflowId,
        subject: `v${current.activeVersion}`,
        details: { version: current.activeVersion, ...(input.reason ? { reason: input.reason } : {}) },
      });
    }
    const workflow = strip((await getWorkflow(tx, actor.workspaceId, workflowId))!);
    return { ok: true, workflow, changed: current.status === 'active' };
  });
}

/**
 * Background work of a version going live that starts on a segment, once per version (job keys):
 * its segments' time clocks (ingest/segmentClocks.ts) and, when asked, the contacts already in them
 * (operate/alreadyInSegment.ts).
 */
async function versionJobs(
  tx: TransactionSql,
  workspaceId: string,
  workflowId: string,
  input: ActivateInput,
) {
  const [{ startsOnSegment } = { startsOnSegment: false }] = await tx<{ startsOnSegment: boolean }[]>`
    select exists (
      select 1 from workflow_versions v, jsonb_array_elements(v.graph -> 'nodes') n
      where v.workflow_id = ${workflowId} and v.version = ${input.version}
        and n ->> 'type' = 'trigger' and n -> 'config' ->> 'on' = 'segment'
    ) as starts_on_segment`;
  if (!startsOnSegment) return;
  const payload = { workspaceId, workflowId, version: input.version };
  await addJobs(tx, [
    { task: TASKS.seedSegmentClocks, payload, jobKey: `seed-segment-clocks:${workflowId}:${input.version}` },
    ...(input.enrolExisting && input.enrolExisting.segments.length > 0
      ? [{ task: TASKS.enrolAlreadyIn, payload, jobKey: `enrol-already-in:${workflowId}:${input.version}` }]
      : []),
  ]);
}
