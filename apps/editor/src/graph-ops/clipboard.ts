import type { IdFactory } from './ids.js';
import type { Graph, GraphEdge, GraphNode } from './types.js';

/** What copy puts on the clipboard: the nodes and the edges between them. */
export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Copies nodes and the edges that run between them. */
export function copyNodes(graph: Graph, nodeIds: readonly string[]): Fragment {
  const ids = new Set(nodeIds);
  return structuredClone({
    nodes: graph.nodes.filter((n) => ids.has(n.id)),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  });
}

/**
 * Where a fragment's top-left node sits; paste shifts the fragment so that this point lands
 * under the pointer.
 */
export function fragmentOrigin(fragment: Fragment): { x: number; y: number } {
  if (fragment.nodes.length === 0) return { x: 0, y: 0 };
  return {
    x: Math.min(...fragment.nodes.map((n) => n.position.x)),
    y: Math.min(...fragment.nodes.map((n) => n.position.y)),
  };
}

/**
 * Pastes a fragment with new ids, shifted by `offset`; returns the new node ids (to select them).
 * Used for duplicate (copy + paste) as well.
 */
export function pasteFragment(
  graph: Graph,
  fragment: Fragment,
  newId: IdFactory,
  offset = { x: 40, y: 40 },
): { graph: Graph; ids: string[] } {
  const takenNodes = new Set(graph.nodes.map((n) => n.id));
  const takenEdges = new Set(graph.edges.map((e) => e.id));
  const fresh = (taken: Set<string>, prefix: string) => {
    let id = newId(prefix);
    while (taken.has(id)) id = newId(prefix);
    taken.add(id);
    return id;
  };
  const rename = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = fresh(takenNodes, n.type);
    rename.set(n.id, id);
    return {
      ...structuredClone(n),
      id,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    };
  });
  const edges: GraphEdge[] = [];
  for (const e of fragment.edges) {
    const source = rename.get(e.source);
    const target = rename.get(e.target);
    if (source && target)
      edges.push({ id: fresh(takenEdges, 'e'), source, sourceHandle: e.sourceHandle, target });
  }
  return {
    graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] },
    ids: nodes.map((n) => n.id),
  };
}
