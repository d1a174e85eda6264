import type { Graph } from '@crossroads/graph-schema';
import type { Queryable } from '../../db/connect.js';
import { type Comparison, compareGroups } from './lift.js';

export interface ArmReport {
  id: string;
  label: string;
  weight: number;
  /** Contacts that took the arm. */
  contacts: number;
  /** Of those, goal conversions. */
  conversions: number;
  rate: number | null;
  /** Against the first arm (null for the first arm itself). */
  comparison: Comparison | null;
}

export interface SplitReport {
  nodeId: string;
  label: string;
  plannedPerArm: number | null;
  /** `not-enough-data` until every arm has the planned sample (or, without one, the sample the observed difference needs). */
  status: 'not-enough-data' | 'ready';
  arms: ArmReport[];
}

export interface ExperimentReport {
  version: number;
  experiments: SplitReport[];
}

interface SplitConfigRead {
  arms: Array<{ id: string; label: string; weight: number }>;
  plannedPerArm?: number;
}

/**
 * The split steps of one version (the live one by default) with each arm's contacts, goal
 * conversions and conversion rate, compared with the first arm (lift, 95% interval). Undefined
 * when the journey or the version is not there.
 */
export async function experimentReport(
  sql: Queryable,
  workspaceId: string,
  workflowId: string,
  version?: number,
): Promise<ExperimentReport | undefined> {
  const [row] = await sql<{ version: number; graph: Graph }[]>`
    select v.version, v.graph from workflows w
    join workflow_versions v on v.workflow_id = w.id
      and v.version = coalesce(${version ?? null}::int, w.active_version, (
        select max(version) from workflow_versions where workflow_id = w.id))
    where w.workspace_id = ${workspaceId} and w.id = ${workflowId}`;
  if (!row) return undefined;
  const splits = row.graph.nodes.filter((n) => n.type === 'split');
  if (splits.length === 0) return { version: row.version, experiments: [] };
  const counts = await sql<{ nodeId: string; output: string; contacts: number; conversions: number }[]>`
    select s.node_id, s.output, count(distinct s.enrollment_id)::int as contacts,
           count(distinct s.enrollment_id) filter (where e.state = 'converted')::int as conversions
    from journey_steps s join enrollments e on e.id = s.enrollment_id
    where s.workspace_id = ${workspaceId} and s.workflow_id = ${workflowId} and s.version = ${row.version}
      and s.node_type = 'split' and s.output is not null
    group by 1, 2`;
  const countOf = (nodeId: string, arm: string) =>
    counts.find((c) => c.nodeId === nodeId && c.output === arm) ?? { contacts: 0, conversions: 0 };
  const experiments = splits.map((node): SplitReport => {
    const config = node.config as unknown as SplitConfigRead;
    const groups = config.arms.map((arm) => ({ arm, ...countOf(node.id, arm.id) }));
    const baseline = groups[0]!;
    const arms = groups.map(
      ({ arm, contacts, conversions }, index): ArmReport => ({
        id: arm.id,
        label: arm.label,
        weight: arm.weight,
        contacts,
        conversions,
        rate: contacts > 0 ? conversions / contacts : null,
        comparison:
          index === 0
            ? null
            : compareGroups(
                { contacts, conversions },
                { contacts: baseline.contacts, conversions: baseline.conversions },
              ),
      }),
    );
    const planned = config.plannedPerArm ?? null;
    const ready =
      planned !== null
        ? arms.every((arm) => arm.contacts >= planned)
        : arms.length > 1 && arms.slice(1).every((arm) => arm.comparison?.enoughData === true);
    return {
      nodeId: node.id,
      label: node.label ?? 'Split',
      plannedPerArm: planned,
      status: ready ? 'ready' : 'not-enough-data',
      arms,
    };
  });
  return { version: row.version, experiments };
}
