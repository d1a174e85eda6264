import type { Graph } from './types.js';

/** The pack a node type comes from, or undefined for built-ins and unknown types. */
export type PackOf = (type: string) => { name: string; version: string } | undefined;

/**
 * Records in `graph.packs` (name → `^version`) every pack whose nodes the graph uses, keeping
 * ranges already there, so a draft carries the pack versions it was built against. Returns the
 * same graph object when nothing is new (no spurious undo step or save).
 *
 * @example
 * recordPacks(graph, catalog.packOf).packs; // { '@crossroads-examples/ab-split': '^0.1.0' }
 */
export function recordPacks(graph: Graph, packOf: PackOf): Graph {
  let packs: Record<string, string> | undefined;
  for (const node of graph.nodes) {
    const pack = packOf(node.type);
    if (!pack || (packs ?? graph.packs)?.[pack.name] !== undefined) continue;
    packs ??= { ...graph.packs };
    packs[pack.name] = `^${pack.version}`;
  }
  return packs ? { ...graph, packs } : graph;
}
