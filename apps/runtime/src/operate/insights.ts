import type { Sql } from '../db/connect.js';

/** How many contacts each version holds, by enrollment state. */
export interface VersionContacts {
  version: number;
  /** Every enrollment ever pinned to this version. */
  contacts: number;
  /** Still in the journey (active or parked on a wait). */
  inJourney: number;
  converted: number;
  completed: number;
  exited: number;
  failed: number;
}

/** Distinct tracked messages of one send node that were opened, clicked or replied to. */
export interface NodeEngagement {
  nodeId: string;
  opened: number;
  clicked: number;
  replied: number;
}

export interface EnrolmentBucket {
  /** Start of the hour (ISO-8601). */
  at: string;
  version: number;
  count: number;
}

export interface WorkflowInsights {
  workflowId: string;
  versions: VersionContacts[];
  /** Enrolments per hour over the last `hours`, oldest first. */
  enrolments: EnrolmentBucket[];
  engagement: NodeEngagement[];
}

/**
 * What the editor's operate views show beside `/stats`: contacts per version, enrolments over
 * time and per-node engagement (opens, clicks, replies of the messages a send node sent, counted
 * once per message). Undefined when the workflow is not in the workspace.
 *
 * @example
 * ```ts
 * const insights = await workflowInsights(sql, workspaceId, workflowId, { hours: 48 });
 * insights?.versions[0]?.contacts; // 120
 * ```
 */
export async function workflowInsights(
  sql: Sql,
  workspaceId: string,
  workflowId: string,
  options: { hours: number; now?: Date },
): Promise<WorkflowInsights | undefined> {
  const [workflow] =
    await sql`select id from workflows where id = ${workflowId} and workspace_id = ${workspaceId}`;
  if (!workflow) return undefined;
  const since = new Date((options.now ?? new Date()).getTime() - options.hours * 3_600_000);
  const [versions, enrolments, engagement] = await Promise.all([
    sql<VersionContacts[]>`
      select v.version,
             count(e.id)::int as contacts,
             count(e.id) filter (where e.state in ('active', 'waiting'))::int as in_journey,
             count(e.id) filter (where e.state = 'converted')::int as converted,
             count(e.id) filter (where e.state = 'completed')::int as completed,
             count(e.id) filter (where e.state = 'exited')::int as exited,
             count(e.id) filter (where e.state = 'failed')::int as failed
      from workflow_versions v
      left join enrollments e on e.workflow_id = v.workflow_id and e.version = v.version
      where v.workflow_id = ${workflowId} and v.workspace_id = ${workspaceId}
      group by v.version order by v.version desc`,
    sql<{ at: Date; version: number; count: number }[]>`
      select date_trunc('hour', started_at) as at, version, count(*)::int as count
      from enrollments
      where workflow_id = ${workflowId} and workspace_id = ${workspaceId} and started_at >= ${since}
      group by 1, 2 order by 1, 2`,
    sql<NodeEngagement[]>`
      select properties->>'nodeId' as node_id,
             count(distinct properties->>'messageKey') filter (where type = 'email.opened')::int as opened,
             count(distinct properties->>'messageKey') filter (where type = 'email.clicked')::int as clicked,
             count(distinct properties->>'messageKey') filter (where type = 'email.replied')::int as replied
      from events
      where workspace_id = ${workspaceId}
        and type in ('email.opened', 'email.clicked', 'email.replied')
        and properties->>'workflowId' = ${workflowId}
      group by 1`,
  ]);
  return {
    workflowId,
    versions,
    enrolments: enrolments.map((r) => ({ at: r.at.toISOString(), version: r.version, count: r.count })),
    engagement: engagement.filter((r) => r.nodeId !== null),
  };
}
