import type { Queryable } from '../db/connect.js';

/** Unique engagement with one node's tracked emails: each message counts once per kind. */
export interface NodeEngagement {
  nodeId: string;
  /** Tracked messages sent from the node. */
  tracked: number;
  opened: number;
  clicked: number;
  replied: number;
  unsubscribed: number;
}

/**
 * Opens, clicks, replies and unsubscribes per node of a workflow (one version, or all), counted
 * per message (a message opened five times counts once), for the workflow stats.
 *
 * @example
 * ```ts
 * await engagementByNode(sql, workspaceId, workflowId, 3);
 * // [{ nodeId: 'welcome', tracked: 120, opened: 48, clicked: 11, replied: 2, unsubscribed: 1 }]
 * ```
 */
export async function engagementByNode(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
  version?: number,
): Promise<NodeEngagement[]> {
  const v = version ?? null;
  return sql<NodeEngagement[]>`
    select node_id, count(*)::int as tracked, count(opened_at)::int as opened, count(clicked_at)::int as clicked,
           count(replied_at)::int as replied, count(unsubscribed_at)::int as unsubscribed
    from tracked_messages
    where workflow_id = ${workflowId} and workspace_id = ${workspaceId} and node_id is not null
      and (${v}::int is null or version = ${v}::int)
    group by node_id
    order by node_id`;
}
