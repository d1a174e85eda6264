import { recordAudit } from '../access/audit.js';
import type { Queryable, Sql } from '../db/connect.js';
import type { Actor } from './workflows.js';

/** Where a journey's rollout and control group stand. */
export interface RolloutSettings {
  activeVersion: number | null;
  rolloutVersion: number | null;
  rolloutPercent: number;
  controlPercent: number;
}

export type RolloutResult =
  | { ok: true; settings: RolloutSettings; changed: boolean }
  | { ok: false; reason: 'not-found' | 'version-not-found' | 'not-active' | 'invalid'; detail: string };

interface Locked {
  status: string;
  activeVersion: number | null;
  archivedAt: Date | null;
  rolloutVersion: number | null;
  rolloutPercent: string;
  controlPercent: string;
}

async function lock(tx: Queryable, workspaceId: string, workflowId: string) {
  const [row] = await tx<Locked[]>`
    select status, active_version, archived_at, rollout_version, rollout_percent, control_percent
    from workflows where workspace_id = ${workspaceId} and id = ${workflowId} for update`;
  return row;
}

const settingsOf = (row: Locked): RolloutSettings => ({
  activeVersion: row.activeVersion,
  rolloutVersion: row.rolloutVersion,
  rolloutPercent: Number(row.rolloutPercent),
  controlPercent: Number(row.controlPercent),
});

/** A journey's rollout and control settings, or undefined when it is not in the workspace. */
export async function rolloutSettings(sql: Queryable, workspaceId: string, workflowId: string) {
  const [row] = await sql<Locked[]>`
    select status, active_version, archived_at, rollout_version, rollout_percent, control_percent
    from workflows where workspace_id = ${workspaceId} and id = ${workflowId}`;
  return row ? settingsOf(row) : undefined;
}

/**
 * Rolls `version` out to `percent` of new enrolments; the rest stay on the active version.
 * Raising it in steps keeps each contact on its side (the share is a hash threshold); 100 makes
 * it the active version (audited as an activation too); 0 keeps it named with nobody on it.
 * Contacts already enrolled stay on their version. Every change is audited with its reason.
 */
export async function setRollout(
  sql: Sql,
  actor: Actor,
  workflowId: string,
  input: { version: number; percent: number; reason: string },
): Promise<RolloutResult> {
  return sql.begin((tx) => setRolloutIn(tx, actor, workflowId, input));
}

/** `setRollout` in the caller's transaction (the guardrail monitor uses it). */
export async function setRolloutIn(
  tx: Queryable,
  actor: Actor,
  workflowId: string,
  input: { version: number; percent: number; reason: string; figures?: Record<string, unknown> },
): Promise<RolloutResult> {
  const row = await lock(tx, actor.workspaceId, workflowId);
  if (!row) return { ok: false, reason: 'not-found', detail: 'Workflow was not found' };
  if (row.archivedAt || row.status !== 'active' || row.activeVersion === null) {
    return {
      ok: false,
      reason: 'not-active',
      detail:
        'A rollout shares new enrolments between the live version and a newer one: activate a version first',
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
  if (input.version === row.activeVersion) {
    return {
      ok: false,
      reason: 'invalid',
      detail: `Version ${input.version} is already the live version for everyone`,
    };
  }
  const before = settingsOf(row);
  if (before.rolloutVersion === input.version && before.rolloutPercent === input.percent) {
    return { ok: true, settings: before, changed: false };
  }
  const complete = input.percent >= 100;
  if (complete) {
    await tx`update workflows set active_version = ${input.version}, rollout_version = null, rollout_percent = 0,
             updated_at = now() where id = ${workflowId}`;
  } else {
    await tx`update workflows set rollout_version = ${input.version}, rollout_percent = ${input.percent},
             updated_at = now() where id = ${workflowId}`;
  }
  const fromPercent = before.rolloutVersion === input.version ? before.rolloutPercent : 0;
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    actor: actor.name,
    action: 'workflow.rollout',
    workflowId,
    subject: `v${input.version}`,
    details: {
      version: input.version,
      baseVersion: row.activeVersion,
      fromPercent,
      toPercent: input.percent,
      reason: input.reason,
      ...(input.figures ? { figures: input.figures } : {}),
    },
  });
  if (complete) {
    // The versions panel's history reads activations: a finished rollout is one.
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'workflow.activated',
      workflowId,
      subject: `v${input.version}`,
      details: {
        fromVersion: row.activeVersion,
        toVersion: input.version,
        fromStatus: row.status,
        rollback: input.version < row.activeVersion,
        reason: input.reason,
      },
    });
  }
  const after = await lock(tx, actor.workspaceId, workflowId);
  return { ok: true, settings: settingsOf(after!), changed: true };
}

/**
 * Holds out `percent` (0–50) of the contacts the journey would enrol as its control group:
 * recorded as enrolled (cohort 'control'), receiving nothing, followed for the goal. Audited
 * with its reason. Contacts already enrolled keep their cohort.
 */
export async function setControlGroup(
  sql: Sql,
  actor: Actor,
  workflowId: string,
  input: { percent: number; reason: string },
): Promise<RolloutResult> {
  return sql.begin(async (tx): Promise<RolloutResult> => {
    const row = await lock(tx, actor.workspaceId, workflowId);
    if (!row) return { ok: false, reason: 'not-found', detail: 'Workflow was not found' };
    const before = settingsOf(row);
    if (before.controlPercent === input.percent) return { ok: true, settings: before, changed: false };
    await tx`update workflows set control_percent = ${input.percent}, updated_at = now() where id = ${workflowId}`;
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'workflow.control-group',
      workflowId,
      subject: `${input.percent}%`,
      details: { fromPercent: before.controlPercent, toPercent: input.percent, reason: input.reason },
    });
    return { ok: true, settings: { ...before, controlPercent: input.percent }, changed: true };
  });
}
