import type { IdFactory } from './ids.js';
import type { Graph, GraphEdge } from './types.js';

export interface Connection {
  source: string;
  sourceHandle: string;
  target: string;
}

/**
 * Connects an output to a node. An output carries at most one edge, so an existing edge from the
 * same output is replaced. Self-loops and connections to unknown nodes are ignored (graph returned as is).
 */
export function connect(graph: Graph, connection: Connection, newId: IdFactory): Graph {
  const { source, sourceHandle, target } = connection;
  if (source === target) return graph;
  const ids = new Set(graph.nodes.map((n) => n.id));
  if (!ids.has(source) || !ids.has(target)) return graph;
  const existing = graph.edges.find((e) => e.source === source && e.sourceHandle === sourceHandle);
  if (existing?.target === target) return graph;
  const edge: GraphEdge = { id: uniqueEdgeId(graph, newId), source, sourceHandle, target };
  const edges = graph.edges.filter((e) => e !== existing);
  return { ...graph, edges: [...edges, edge] };
}

export function uniqueEdgeId(graph: Graph, newId: IdFactory): string {
  const taken = new Set(graph.edges.map((e) => e.id));
  let id = newId('e');
  while (taken.has(id)) id = newId('e');
  return id;
}

/** Removes edges by id. */
export function deleteEdges(graph: Graph, edgeIds: readonly string[]): Graph {
  const drop = new Set(edgeIds);
  return { ...graph, edges: graph.edges.filter((e) => !drop.has(e.id)) };
}
