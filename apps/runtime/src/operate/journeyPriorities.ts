import type { JourneyPriorities } from '@crossroads/api';
import type { Queryable } from '../db/connect.js';

/** How far back the priorities view counts contacts that qualified. */
export const OVERLAP_DAYS = 30;

interface JourneyRow {
  id: string;
  name: string;
  status: string;
  priority: number;
  exclusiveGroup: string | null;
  preempt: boolean;
}

/**
 * The workspace's journeys by exclusive group and priority, each with the contacts that
 * qualified for it in the last 30 days, and per group the pairs that shared contacts. A contact
 * qualified for a journey when its trigger accepted one of their events: it was enrolled, or a
 * priority line says another journey of the group won. (A contact refused by re-entry left no
 * record, so is not counted.)
 */
export async function journeyPriorities(sql: Queryable, workspaceId: string, now = new Date()) {
  const since = new Date(now.getTime() - OVERLAP_DAYS * 86_400_000);
  const [journeys, qualified, pairs] = await Promise.all([
    sql<JourneyRow[]>`
      select id, name, status, priority, exclusive_group, preempt from workflows
      where workspace_id = ${workspaceId} and status <> 'archived'
      order by exclusive_group nulls last, priority, created_at, id`,
    sql<{ workflowId: string; contacts: number }[]>`
      with q as (${qualifiedIn(sql, workspaceId, since)})
      select workflow_id, count(distinct contact_id)::int as contacts from q group by 1`,
    sql<{ a: string; b: string; contacts: number }[]>`
      with q as (${qualifiedIn(sql, workspaceId, since)})
      select x.workflow_id as a, y.workflow_id as b, count(distinct x.contact_id)::int as contacts
      from q x join q y on y.contact_id = x.contact_id and x.workflow_id < y.workflow_id
      group by 1, 2`,
  ]);
  const count = new Map(qualified.map((q) => [q.workflowId, q.contacts]));
  const groupOf = new Map(journeys.map((j) => [j.id, j.exclusiveGroup]));
  const groups = new Map<string | null, JourneyPriorities['groups'][number]>();
  for (const j of journeys) {
    let group = groups.get(j.exclusiveGroup);
    if (!group) {
      group = { name: j.exclusiveGroup, journeys: [], overlaps: [] };
      groups.set(j.exclusiveGroup, group);
    }
    group.journeys.push({
      id: j.id,
      name: j.name,
      status: j.status,
      priority: j.priority,
      preempt: j.preempt,
      qualified: count.get(j.id) ?? 0,
    });
  }
  for (const pair of pairs) {
    const group = groupOf.get(pair.a);
    if (group === undefined || groupOf.get(pair.b) !== group) continue;
    groups.get(group)?.overlaps.push({ a: pair.a, b: pair.b, contacts: pair.contacts });
  }
  for (const group of groups.values()) group.overlaps.sort((x, y) => y.contacts - x.contacts);
  return { since: since.toISOString(), groups: [...groups.values()] } satisfies JourneyPriorities;
}

/** (workflow, contact) pairs that qualified since `since`: enrolled, or passed over by priority. */
function qualifiedIn(sql: Queryable, workspaceId: string, since: Date) {
  return sql`
    select workflow_id, contact_id from enrollments where workspace_id = ${workspaceId} and started_at >= ${since}
    union
    select workflow_id, contact_id from journey_steps
    where workspace_id = ${workspaceId} and node_type = 'priority' and enrollment_id is null and at >= ${since}`;
}
