import { connect } from './connect.js';
import type { IdFactory } from './ids.js';
import type { Graph, GraphNode } from './types.js';

export interface NewNode {
  type: string;
  version: number;
  config: Record<string, unknown>;
  position: { x: number; y: number };
  label?: string;
}

/**
 * Adds a node with a fresh id; returns the new graph and the id.
 *
 * @example
 * const { graph: next, id } = addNode(graph, { type: 'wait', version: 1, config: {}, position: { x: 0, y: 0 } }, randomId);
 */
export function addNode(graph: Graph, node: NewNode, newId: IdFactory): { graph: Graph; id: string } {
  const taken = new Set(graph.nodes.map((n) => n.id));
  let id = newId(node.type);
  while (taken.has(id)) id = newId(node.type);
  const created: GraphNode = { id, ...structuredClone(node) };
  return { graph: { ...graph, nodes: [...graph.nodes, created] }, id };
}

/**
 * Adds a node and connects an existing output to it, as one edit: what dropping a connection on
 * empty canvas and choosing a step does (n8n). The output's previous edge, if any, is replaced.
 *
 * @example
 * addNodeAfter(graph, newSend, { source: 'gate', sourceHandle: 'else' }, randomId);
 */
export function addNodeAfter(
  graph: Graph,
  node: NewNode,
  from: { source: string; sourceHandle: string },
  newId: IdFactory,
): { graph: Graph; id: string } {
  const added = addNode(graph, node, newId);
  return { graph: connect(added.graph, { ...from, target: added.id }, newId), id: added.id };
}
