import type { Graph, GraphNode } from '@crossroads/graph-schema';

/** A node at the origin with an empty config: tests only care about ids and wiring. */
export function node(id: string, type = 'wait'): GraphNode {
  return { id, type, version: 1, position: { x: 0, y: 0 }, config: {} };
}

/** A graph from nodes and `source:handle>target` edge shorthands. */
export function graphOf(nodes: GraphNode[], edges: string[] = []): Graph {
  return {
    schemaVersion: 1,
    id: 'g',
    name: 'Test journey',
    nodes,
    edges: edges.map((spec, i) => {
      const [from = '', target = ''] = spec.split('>');
      const [source = '', sourceHandle = 'next'] = from.split(':');
      return { id: `edge${i}`, source, sourceHandle, target };
    }),
    settings: { reentry: 'once', timezone: 'UTC' },
  };
}

/** Edges as `source:handle>target` strings, sorted, for readable assertions. */
export function wiring(graph: Graph): string[] {
  return graph.edges.map((e) => `${e.source}:${e.sourceHandle}>${e.target}`).sort();
}
