import { uniqueEdgeId } from './connect.js';
import type { IdFactory } from './ids.js';
import type { Graph, GraphEdge } from './types.js';

/**
 * Deletes nodes and their edges, healing the path: when a deleted node had exactly one outgoing
 * edge, every edge that entered it is redirected to that edge's target (so deleting the middle of
 * `A → X → B` leaves `A → B`). Chains of deleted nodes heal through to the first survivor.
 */
export function deleteNodes(graph: Graph, nodeIds: readonly string[], newId: IdFactory): Graph {
  const drop = new Set(nodeIds);
  if (drop.size === 0) return graph;
  const outgoing = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e]);

  /** Where a path entering `id` should continue, or undefined when it cannot heal. */
  const survivorAfter = (id: string, seen: Set<string>): string | undefined => {
    if (!drop.has(id)) return id;
    if (seen.has(id)) return undefined;
    seen.add(id);
    const out = outgoing.get(id) ?? [];
    const only = out.length === 1 ? out[0] : undefined;
    return only ? survivorAfter(only.target, seen) : undefined;
  };

  const kept: GraphEdge[] = graph.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target));
  let next: Graph = { ...graph, nodes: graph.nodes.filter((n) => !drop.has(n.id)), edges: kept };
  for (const e of graph.edges) {
    if (drop.has(e.source) || !drop.has(e.target)) continue;
    const target = survivorAfter(e.target, new Set());
    if (!target || target === e.source) continue;
    next = {
      ...next,
      edges: [
        ...next.edges,
        { id: uniqueEdgeId(next, newId), source: e.source, sourceHandle: e.sourceHandle, target },
      ],
    };
  }
  return next;
}
