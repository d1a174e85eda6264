import type { Graph } from '@crossroads/graph-schema';
import {
  type CompiledJourney,
  cachedJourney,
  compiledJourney,
  type Registry,
  withPackFacts,
} from '@crossroads/nodes';
import type { Queryable } from '../db/connect.js';

// Published versions never change, so (workflow, version) → hash is cached for good; the
// compiled graph itself is cached by hash in @crossroads/nodes.
const hashOf = new Map<string, string>();
const MAX_HASHES = 10_000;

/** An active workflow's pinned version, compiled. */
export interface ActiveJourney {
  workflowId: string;
  version: number;
  journey: CompiledJourney;
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

/** Every active workflow of a workspace with its active version compiled. */
export async function activeJourneys(
  sql: Queryable,
  registry: Registry,
  workspaceId: string,
): Promise<ActiveJourney[]> {
  const rows = await sql<{ id: string; activeVersion: number; hash: string }[]>`
    select w.id, w.active_version, v.hash
    from workflows w
    join workflow_versions v on v.workflow_id = w.id and v.version = w.active_version
    where w.workspace_id = ${workspaceId} and w.status = 'active'`;
  const out: ActiveJourney[] = [];
  for (const row of rows) {
    hashOf.set(`${row.id}:${row.activeVersion}`, row.hash);
    try {
      const journey = cachedJourney(row.hash) ?? (await journeyAt(sql, registry, row.id, row.activeVersion));
      out.push({ workflowId: row.id, version: row.activeVersion, journey });
    } catch {
      // A version that no longer compiles (e.g. its pack was removed) enrolls nobody; ingest goes on.
    }
  }
  return out;
}
