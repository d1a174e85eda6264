import { recordAudit } from '../access/audit.js';
import type { Queryable, Sql } from '../db/connect.js';
import type { Actor } from './workflows.js';

/** A journey's priority settings: on the workflow row, not in a version (no publish to change). */
export interface PrioritySettings {
  priority: number;
  group: string | null;
  preempt: boolean;
}

interface PriorityRow {
  id: string;
  name: string;
  priority: number;
  exclusiveGroup: string | null;
  preempt: boolean;
}

const settingsOf = (row: PriorityRow): PrioritySettings => ({
  priority: row.priority,
  group: row.exclusiveGroup,
  preempt: row.preempt,
});

export async function prioritySettings(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
): Promise<PrioritySettings | undefined> {
  const [row] = await sql<PriorityRow[]>`
    select id, name, priority, exclusive_group, preempt from workflows
    where workspace_id = ${workspaceId} and id = ${workflowId}`;
  return row ? settingsOf(row) : undefined;
}

/**
 * Sets a journey's priority, group and pre-empt, audited with before, after and the reason.
 * Takes effect for the next events: enrollments keep the group they were made in. A group name
 * that differs from an existing one only in case or spacing joins that group (ops staff typing
 * "lifecycle " mean "Lifecycle"). Returns undefined when the journey is not in the workspace.
 */
export async function setPriority(
  sql: Sql,
  actor: Actor,
  workflowId: string,
  input: PrioritySettings & { reason: string },
): Promise<PrioritySettings | undefined> {
  return sql.begin(async (tx) => {
    const [row] = await tx<PriorityRow[]>`
      select id, name, priority, exclusive_group, preempt from workflows
      where workspace_id = ${actor.workspaceId} and id = ${workflowId} for update`;
    if (!row) return undefined;
    const group = input.group === null ? null : await existingSpelling(tx, actor.workspaceId, input.group);
    const before = settingsOf(row);
    const after: PrioritySettings = { priority: input.priority, group, preempt: input.preempt };
    if (
      before.priority === after.priority &&
      before.group === after.group &&
      before.preempt === after.preempt
    ) {
      return before;
    }
    await tx`
      update workflows set priority = ${after.priority}, exclusive_group = ${after.group}, preempt = ${after.preempt},
        updated_at = now()
      where id = ${workflowId}`;
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actor: actor.name,
      action: 'workflow.priority-set',
      workflowId,
      subject: row.name,
      details: { before, after, reason: input.reason },
    });
    return after;
  });
}

/** The spelling a group already has in the workspace (case and spaces aside), else the one given. */
async function existingSpelling(tx: Queryable, workspaceId: string, group: string): Promise<string> {
  const normal = group.trim().replace(/\s+/g, ' ');
  const [found] = await tx<{ exclusiveGroup: string }[]>`
    select exclusive_group from workflows
    where workspace_id = ${workspaceId} and lower(regexp_replace(btrim(exclusive_group), '\\s+', ' ', 'g')) = lower(${normal})
    order by created_at limit 1`;
  return found?.exclusiveGroup ?? normal;
}

export type ReorderResult = { ok: true } | { ok: false; detail: string };

/**
 * Gives the journeys of `group` priorities 1, 2, 3… in the order listed, in one transaction, with
 * one audit entry per journey whose priority changed (before, after, reason). The list must be
 * exactly the group's journeys (archived ones aside), so a stale page cannot drop one.
 */
export async function reorderGroup(
  sql: Sql,
  actor: Actor,
  input: { group: string; journeys: string[]; reason: string },
): Promise<ReorderResult> {
  return sql.begin(async (tx): Promise<ReorderResult> => {
    const rows = await tx<PriorityRow[]>`
      select id, name, priority, exclusive_group, preempt from workflows
      where workspace_id = ${actor.workspaceId} and exclusive_group = ${input.group} and status <> 'archived'
      order by id for update`;
    if (rows.length === 0) return { ok: false, detail: `group: no journey is in the group '${input.group}'` };
    const listed = new Set(input.journeys);
    const missing = rows.filter((r) => !listed.has(r.id));
    const strangers = input.journeys.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0 || strangers.length > 0) {
      const names = missing.map((r) => `'${r.name}'`).join(', ');
      return {
        ok: false,
        detail: missing.length
          ? `journeys: ${names} of the group ${missing.length === 1 ? 'is' : 'are'} missing from the order`
          : `journeys: ${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not in the group '${input.group}'`,
      };
    }
    for (const [index, id] of input.journeys.entries()) {
      const row = rows.find((r) => r.id === id) as PriorityRow;
      const priority = index + 1;
      if (row.priority === priority) continue;
      await tx`update workflows set priority = ${priority}, updated_at = now() where id = ${id}`;
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'workflow.priority-set',
        workflowId: id,
        subject: row.name,
        details: { before: settingsOf(row), after: { ...settingsOf(row), priority }, reason: input.reason },
      });
    }
    return { ok: true };
  });
}
