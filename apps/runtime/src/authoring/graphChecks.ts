import { type Graph, loadGraph, type Problem } from '@crossroads/graph-schema';
import { type Registry, segmentRefs, withPackFacts } from '@crossroads/nodes';
import type { Queryable } from '../db/connect.js';
import { templateProblems } from './templates.js';

/** A graph document after validation: `graph` is present when it has the Graph shape. */
export interface CheckedGraph {
  graph?: Graph;
  problems: Problem[];
  /** Format and node config migrations applied on the way in (empty when already current). */
  applied: string[];
}

/**
 * Loads a graph document (migrating older formats and node configs, then validateGraph against
 * the registry) and checks it against the workspace's segments:
 * a gate or trigger naming a segment that does not exist is an error, because it could never
 * match at run time. Liquid templates (send, sales-handoff) are parsed in the sandbox: a broken
 * one is an error naming the node, the field, the line and the column, not a failure at send time.
 */
export async function checkGraph(
  sql: Queryable,
  workspaceId: string,
  registry: Registry,
  input: unknown,
): Promise<CheckedGraph> {
  // Pack nodes' config checks and outputs are computed in their sandbox: replayed until known.
  const result = await withPackFacts(() => loadGraph(input, registry));
  const { applied } = result;
  if (!result.graph) return { problems: result.problems, applied };
  const problems = [...result.problems, ...(await templateProblems(result.graph, registry))];
  const refs = segmentRefs(result.graph, registry);
  if (refs.length === 0) return { graph: result.graph, problems, applied };
  const names = [...new Set(refs.map((r) => r.name))];
  const known = new Set(
    (
      await sql<{ name: string }[]>`
        select name from segments where workspace_id = ${workspaceId} and name = any(${names})`
    ).map((r) => r.name),
  );
  const missing: Problem[] = refs
    .filter((ref) => !known.has(ref.name))
    .map((ref) => ({
      code: 'segment.unknown',
      severity: 'error',
      path: ref.path,
      nodeId: ref.nodeId,
      message: `no segment named '${ref.name}' exists in this workspace`,
    }));
  return { graph: result.graph, problems: [...problems, ...missing], applied };
}
