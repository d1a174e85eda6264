import type { LogicRule } from '@crossroads/graph-schema';
import { nextSlots, type Registry, type Schedule, slotWindow, triggerSchedule } from '@crossroads/nodes';
import type { Queryable, Sql } from '../db/connect.js';
import { addJobs, TASKS } from '../queue/jobs.js';
import { journeyAt } from '../walk/journeys.js';

/** What a version that starts on a schedule runs: when, for whom (its pinned segment rule), where. */
export interface VersionSchedule {
  workspaceId: string;
  workflowId: string;
  version: number;
  schedule: Schedule;
  segment: string;
  /** The pinned revision's rule; null when the segment was not pinned (it did not exist). */
  rule: LogicRule | null;
  /** The journey's time zone (settings), for `zone: 'journey'` and contacts without a valid one. */
  timezone: string;
}

/** The schedule of one version, or null when its trigger does not run on a schedule. */
export async function versionSchedule(
  sql: Queryable,
  registry: Registry,
  workspaceId: string,
  workflowId: string,
  version: number,
): Promise<VersionSchedule | null> {
  const journey = await journeyAt(sql, registry, workflowId, version);
  const found = triggerSchedule(journey);
  if (!found) return null;
  const [pinned] = await sql<{ rule: LogicRule }[]>`
    select r.rule from version_segments p
    join segment_revisions r on r.segment_id = p.segment_id and r.revision = p.revision
    where p.workflow_id = ${workflowId} and p.version = ${version} and p.segment_name = ${found.segment}`;
  return {
    workspaceId,
    workflowId,
    version,
    ...found,
    rule: pinned?.rule ?? null,
    timezone: journey.settings.timezone,
  };
}

/** Live versions (any workspace) whose trigger runs on a schedule, found by their graph. */
async function scheduledVersions(sql: Queryable) {
  return sql<{ workspaceId: string; workflowId: string; version: number }[]>`
    select w.workspace_id, w.id as workflow_id, w.active_version as version
    from workflows w
    join workflow_versions v on v.workflow_id = w.id and v.version = w.active_version
    where w.status = 'active'
      and v.graph @? '$.nodes[*] ? (@.type == "trigger" && @.config.on == "schedule")'`;
}

/**
 * Plans the next run of every live scheduled version: a `scheduled_runs` row and its job (at the
 * run's start, keyed by workflow, version and slot) in one transaction; a run already planned is
 * left alone. Runs only the next slot after `now`: a slot missed while no worker ran was planned
 * before and its job runs late, once; the ones after it are not made up.
 */
export async function planScheduledRuns(sql: Sql, registry: Registry, now = new Date()): Promise<number> {
  let planned = 0;
  for (const v of await scheduledVersions(sql)) {
    const plan = await versionSchedule(sql, registry, v.workspaceId, v.workflowId, v.version).catch(
      () => null,
    );
    if (!plan) continue;
    const [slot] = nextSlots(plan.schedule, plan.timezone, now, 1);
    if (!slot) continue;
    const window = slotWindow(plan.schedule, slot, plan.timezone);
    planned += await sql.begin(async (tx) => {
      const inserted = await tx`
        insert into scheduled_runs (workspace_id, workflow_id, version, slot, segment_name, starts_at, ends_at)
        values (${v.workspaceId}, ${v.workflowId}, ${v.version}, ${slot}, ${plan.segment},
                ${window.from}, ${window.to})
        on conflict do nothing returning 1`;
      if (inserted.length === 0) return 0;
      const payload = { workspaceId: v.workspaceId, workflowId: v.workflowId, version: v.version, slot };
      await addJobs(tx, [{ task: TASKS.scheduledRun, payload, runAt: window.from, jobKey: runKey(payload) }]);
      return 1;
    });
  }
  return planned;
}

/** The job key of a run (a later pass of the same run, for contact time zones, adds `at`). */
export const runKey = (run: { workflowId: string; version: number; slot: string }, at?: Date): string =>
  `schedule:${run.workflowId}:${run.version}:${run.slot}${at ? `:${at.toISOString()}` : ''}`;
