import type { Sql } from '../db/connect.js';
import { engagementByNode } from './engagementStats.js';

export interface NodeStats {
  nodeId: string;
  nodeType: string | null;
  /** Contacts that reached the node (resumes of a wait are not counted again). */
  entered: number;
  /** Parked on the node now. */
  waiting: number;
  /** Journeys that ended at this node, by outcome. */
  ended: { completed: number; exited: number; failed: number };
  /** Contacts that left the node through each output. */
  outputs: Record<string, number>;
  /** Goal conversions of contacts parked on this node. */
  conversions: number;
  /** Ledger effects of this node by delivery state, e.g. { sent: 10, ambiguous: 1 }. */
  emails: Record<string, number>;
  handoffs: Record<string, number>;
  /** Send nodes: emails sent and their unique engagement, plus goal conversions whose last send this was. */
  engagement?: {
    sent: number;
    delivered: number;
    opened: number;
    clicked: number;
    replied: number;
    unsubscribed: number;
    conversions: number;
  };
}

/**
 * Per-node counts for one workflow (one version, or all), from the trace, the enrollments and
 * the ledger. Returns undefined when the workflow is not in the workspace.
 */
export async function workflowStats(sql: Sql, workspaceId: string, workflowId: string, version?: number) {
  const [workflow] =
    await sql`select id from workflows where id = ${workflowId} and workspace_id = ${workspaceId}`;
  if (!workflow) return undefined;
  const v = version ?? null;
  const [steps, enrollments, effects, engagement, attributed] = await Promise.all([
    // Delivery rows (decision.delivery: skipped, deferred...) are not visits of the node.
    sql<{ nodeId: string; nodeType: string; output: string | null; resumed: boolean; count: number }[]>`
      select node_id, node_type, output, (decision ? 'resumed' or decision ? 'delivery') as resumed,
             count(*)::int as count
      from journey_steps where workflow_id = ${workflowId} and (${v}::int is null or version = ${v}::int)
        and enrollment_id is not null -- a 'not enrolled' priority line is no visit of the trigger
      group by 1, 2, 3, 4`,
    sql<{ nodeId: string; state: string; count: number }[]>`
      select node_id, state, count(*)::int as count
      from enrollments where workflow_id = ${workflowId} and (${v}::int is null or version = ${v}::int)
      group by 1, 2`,
    sql<{ nodeId: string; kind: string; state: string; count: number }[]>`
      select node_id, kind, state, count(*)::int as count
      from effects where workflow_id = ${workflowId} and (${v}::int is null or version = ${v}::int)
      group by 1, 2, 3`,
    engagementByNode(sql, workspaceId, workflowId, version),
    // Each goal conversion counts for the last email sent to the contact in that enrollment before it.
    sql<{ nodeId: string; count: number }[]>`
      select f.node_id, count(*)::int as count
      from journey_steps g
      join lateral (
        select node_id from effects f
        where f.enrollment_id = g.enrollment_id and f.kind = 'email' and f.state = 'sent' and f.sent_at <= g.at
        order by f.sent_at desc limit 1
      ) f on true
      where g.workflow_id = ${workflowId} and g.node_type = 'goal' and (${v}::int is null or g.version = ${v}::int)
      group by 1`,
  ]);
  const nodes = new Map<string, NodeStats>();
  const node = (nodeId: string) => {
    let stats = nodes.get(nodeId);
    if (!stats) {
      stats = {
        nodeId,
        nodeType: null,
        entered: 0,
        waiting: 0,
        ended: { completed: 0, exited: 0, failed: 0 },
        outputs: {},
        conversions: 0,
        emails: {},
        handoffs: {},
      };
      nodes.set(nodeId, stats);
    }
    return stats;
  };
  for (const row of steps) {
    const stats = node(row.nodeId);
    if (row.nodeType === 'goal') {
      stats.conversions += row.count;
      continue;
    }
    // Exit rules end enrollments on the node they were on (counted in `ended.exited`), not visits.
    if (row.nodeType === 'exit-rule') continue;
    stats.nodeType = row.nodeType;
    if (!row.resumed) stats.entered += row.count;
    if (row.output !== null) stats.outputs[row.output] = (stats.outputs[row.output] ?? 0) + row.count;
  }
  const totals: Record<string, number> = {};
  for (const row of enrollments) {
    totals[row.state] = (totals[row.state] ?? 0) + row.count;
    const stats = node(row.nodeId);
    if (row.state === 'waiting') stats.waiting += row.count;
    if (row.state === 'completed' || row.state === 'exited' || row.state === 'failed')
      stats.ended[row.state] += row.count;
  }
  for (const row of effects) {
    const target = row.kind === 'email' ? node(row.nodeId).emails : node(row.nodeId).handoffs;
    target[row.state] = (target[row.state] ?? 0) + row.count;
  }
  const sendStats = (nodeId: string) => {
    const stats = node(nodeId);
    stats.engagement ??= {
      sent: (stats.emails.sent ?? 0) + (stats.emails.ambiguous ?? 0),
      // Accepted by the SMTP server (bounces arrive later, as suppressions).
      delivered: stats.emails.sent ?? 0,
      opened: 0,
      clicked: 0,
      replied: 0,
      unsubscribed: 0,
      conversions: 0,
    };
    return stats.engagement;
  };
  for (const [nodeId, stats] of nodes) if (Object.keys(stats.emails).length > 0) sendStats(nodeId);
  for (const row of engagement) {
    const stats = sendStats(row.nodeId);
    Object.assign(stats, {
      opened: row.opened,
      clicked: row.clicked,
      replied: row.replied,
      unsubscribed: row.unsubscribed,
    });
  }
  for (const row of attributed) sendStats(row.nodeId).conversions = row.count;
  const handoffCount = effects
    .filter((e) => e.kind === 'handoff' && e.state === 'sent')
    .reduce((sum, e) => sum + e.count, 0);
  return {
    workflowId,
    version: v,
    enrollments: totals,
    handoffs: handoffCount,
    nodes: [...nodes.values()],
  };
}
