import type { Graph } from '@crossroads/graph-schema';
import {
  type CompiledJourney,
  cachedJourney,
  compiledJourney,
  type JourneyPriority,
  type ActiveJourney as PolicyJourney,
  type Registry,
  withPackFacts,
} from '@crossroads/nodes';
import type { Queryable } from '../db/connect.js';

// Published versions never change, so (workflow, version) → hash is cached for good; the
// compiled graph itself is cached by hash in @crossroads/nodes.
const hashOf = new Map<string, string>();
const MAX_HASHES = 10_000;

/** An active journey with its place among the others (priority and exclusive group). */
export interface ActiveJourney extends PolicyJourney {
  priority: JourneyPriority;
}

/**
 * The compiled graph of one published version (cached by version hash). Throws when the version
 * does not exist or no longer compiles (e.g. a pack was removed).
 */
export async function journeyAt(
  sql: Queryable,
  registry: Registry,
  workflowId: string,
  version: number,
): Promise<CompiledJourney> {
  const id = `${workflowId}:${version}`;
  const hash = hashOf.get(id);
  const cached = hash === undefined ? undefined : cachedJourney(hash);
  if (cached) return cached;
  const [row] = await sql<{ hash: string; graph: Graph }[]>`
    select hash, graph from workflow_versions where workflow_id = ${workflowId} and version = ${version}`;
  if (!row) throw new Error(`Workflow ${workflowId} has no version ${version}`);
  if (hashOf.size >= MAX_HASHES) hashOf.clear();
  hashOf.set(id, row.hash);
  // Pack nodes' configs are parsed in their sandbox: replayed until known.
  return withPackFacts(() => compiledJourney(row.graph, registry, row.hash));
}

/**
 * Every active workflow of a workspace with its active version compiled, and the version rolled
 * out to a share of new enrolments and the control share where set.
 */
export async function activeJourneys(
  sql: Queryable,
  registry: Registry,
  workspaceId: string,
): Promise<ActiveJourney[]> {
  const rows = await sql<
    {
      id: string;
      activeVersion: number;
      hash: string;
      rolloutVersion: number | null;
      rolloutPercent: string;
      controlPercent: string;
      name: string;
      priority: number;
      exclusiveGroup: string | null;
      preempt: boolean;
    }[]
  >`
    select w.id, w.active_version, v.hash, w.rollout_version, w.rollout_percent, w.control_percent,
           w.name, w.priority, w.exclusive_group, w.preempt
    from workflows w
    join workflow_versions v on v.workflow_id = w.id and v.version = w.active_version
    where w.workspace_id = ${workspaceId} and w.status = 'active'
    -- Priority ties go to the older journey (the event policy keeps this order among equals).
    order by w.priority, w.created_at, w.id`;
  const out: ActiveJourney[] = [];
  for (const row of rows) {
    hashOf.set(`${row.id}:${row.activeVersion}`, row.hash);
    try {
      const journey = cachedJourney(row.hash) ?? (await journeyAt(sql, registry, row.id, row.activeVersion));
      const priority = {
        name: row.name,
        priority: row.priority,
        group: row.exclusiveGroup,
        preempt: row.preempt,
      };
      const active: ActiveJourney = { workflowId: row.id, version: row.activeVersion, journey, priority };
      const controlPercent = Number(row.controlPercent);
      if (controlPercent > 0) active.controlPercent = controlPercent;
      const percent = Number(row.rolloutPercent);
      if (row.rolloutVersion !== null && percent > 0) {
        // A rollout version that no longer compiles sends everyone to the active one.
        const rolled = await journeyAt(sql, registry, row.id, row.rolloutVersion).catch(() => undefined);
        if (rolled) active.rollout = { version: row.rolloutVersion, percent, journey: rolled };
      }
      out.push(active);
    } catch {
      // A version that no longer compiles (e.g. its pack was removed) enrolls nobody; ingest goes on.
    }
  }
  return out;
}
