import { addNode, type NewNode } from './addNode.js';
import { uniqueEdgeId } from './connect.js';
import type { IdFactory } from './ids.js';
import type { Graph, OutputSpec } from './types.js';

/** Vertical room a node needs on the top-to-bottom canvas (a card's height plus a gap). */
export const ROW_HEIGHT = 170;

/**
 * Drops a node onto an edge `A --h--> B`, giving `A --h--> new --first output--> B`.
 * When the new node has no outputs, `B` is left unconnected. If `B` now sits too close to the
 * new node, `B` and everything downstream of it move down to make room.
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
    next = makeRoomAfter(next, added.id, edge.target);
  }
  return { graph: next, id: added.id };
}

/** Shifts `target` and the nodes reachable from it down until `target` clears `placed`. */
function makeRoomAfter(graph: Graph, placed: string, target: string): Graph {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const from = byId.get(placed);
  const to = byId.get(target);
  if (!from || !to) return graph;
  const shift = from.position.y + ROW_HEIGHT - to.position.y;
  if (shift <= 0) return graph;
  const downstream = new Set<string>([target]);
  const queue = [target];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    for (const e of graph.edges) {
      if (e.source === id && e.target !== placed && !downstream.has(e.target)) {
        downstream.add(e.target);
        queue.push(e.target);
      }
    }
  }
  return {
    ...graph,
    nodes: graph.nodes.map((n) =>
      downstream.has(n.id) ? { ...n, position: { x: n.position.x, y: n.position.y + shift } } : n,
    ),
  };
}
