import type { Graph } from '@crossroads/graph-schema';

/**
 * A graph as stable, readable JSON for a text diff: nodes and edges sorted by id and object keys
 * sorted, so only real changes show as changed lines.
 *
 * @example
 * prettyGraph(graph).split('\n')[0] // '{'
 */
export function prettyGraph(graph: Graph): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  const byId = <T extends { id: string }>(items: readonly T[]) =>
    [...items].sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify(sortKeys({ ...graph, nodes: byId(graph.nodes), edges: byId(graph.edges) }), null, 2);
}
