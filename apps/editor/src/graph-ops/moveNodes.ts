import type { Graph } from './types.js';

/** Sets positions of the given nodes (layout only). Unknown ids are ignored. */
export function moveNodes(graph: Graph, positions: ReadonlyMap<string, { x: number; y: number }>): Graph {
  if (positions.size === 0) return graph;
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}
