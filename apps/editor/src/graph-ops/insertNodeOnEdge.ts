import { addNode, type NewNode } from './addNode.js';
import { uniqueEdgeId } from './connect.js';
import type { IdFactory } from './ids.js';
import type { Graph, OutputSpec } from './types.js';

/**
 * Drops a node onto an edge `A --h--> B`, giving `A --h--> new --first output--> B`.
 * When the new node has no outputs, `B` is left unconnected.
 */
export function insertNodeOnEdge(
  graph: Graph,
  edgeId: string,
  node: NewNode,
  outputs: readonly OutputSpec[],
  newId: IdFactory,
): { graph: Graph; id: string } {
  const edge = graph.edges.find((e) => e.id === edgeId);
  if (!edge) throw new Error(`insertNodeOnEdge: no edge "${edgeId}"`);
  const added = addNode(graph, node, newId);
  let next: Graph = { ...added.graph, edges: added.graph.edges.filter((e) => e.id !== edgeId) };
  next = { ...next, edges: [...next.edges, { ...edge, target: added.id }] };
  const first = outputs[0];
  if (first) {
    const id = uniqueEdgeId(next, newId);
    next = {
      ...next,
      edges: [...next.edges, { id, source: added.id, sourceHandle: first.id, target: edge.target }],
    };
  }
  return { graph: next, id: added.id };
}
