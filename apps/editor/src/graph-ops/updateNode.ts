import type { Graph, GraphNode, OutputsOf } from './types.js';

/**
 * Replaces a node's config (a node type's config is always one whole object). With `outputsOf`,
 * edges leaving an output the new config no longer has (a removed gate branch) go too, so every
 * edge left on the canvas is valid; outputs that stay (a renamed or reordered branch keeps its
 * id) keep their edges.
 */
export function updateConfig(
  graph: Graph,
  nodeId: string,
  config: Record<string, unknown>,
  outputsOf?: OutputsOf,
): Graph {
  const next = patchNode(graph, nodeId, { config });
  if (!outputsOf) return next;
  const before = graph.nodes.find((n) => n.id === nodeId) as GraphNode;
  const after = next.nodes.find((n) => n.id === nodeId) as GraphNode;
  const had = new Set(outputsOf(before).map((o) => o.id));
  const has = new Set(outputsOf(after).map((o) => o.id));
  const lost = (handle: string) => had.has(handle) && !has.has(handle);
  if (!next.edges.some((e) => e.source === nodeId && lost(e.sourceHandle))) return next;
  return { ...next, edges: next.edges.filter((e) => e.source !== nodeId || !lost(e.sourceHandle)) };
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
