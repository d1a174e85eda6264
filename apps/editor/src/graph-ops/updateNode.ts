import type { Graph, GraphNode } from './types.js';

/** Replaces a node's config (a node type's config is always one whole object). */
export function updateConfig(graph: Graph, nodeId: string, config: Record<string, unknown>): Graph {
  return patchNode(graph, nodeId, { config });
}

/** Changes label/owner/notes of a node; `undefined` removes the field. */
export function patchNode(
  graph: Graph,
  nodeId: string,
  patch: Partial<Pick<GraphNode, 'label' | 'owner' | 'notes' | 'config'>>,
): Graph {
  if (!graph.nodes.some((n) => n.id === nodeId)) throw new Error(`patchNode: no node "${nodeId}"`);
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.id !== nodeId) return n;
      const next: GraphNode = { ...n, ...patch };
      for (const key of ['label', 'owner', 'notes'] as const) {
        if (key in patch && (patch[key] === undefined || patch[key] === '')) delete next[key];
      }
      return next;
    }),
  };
}
