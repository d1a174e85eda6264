import type { Graph } from '@crossroads/graph-schema';

export type WinnerResult =
  | { ok: true; graph: Graph; removedNodes: string[] }
  | { ok: false; path: string; message: string };

/**
 * The graph with a split replaced by one of its arms: what led into the split leads where the
 * arm led (or ends there when the arm had no edge), and steps only the other arms reached are
 * removed. Pure: the runtime publishes the result as a normal version.
 *
 * @example
 * ```ts
 * replaceSplitWithArm(graph, 'copy-test', 'short'); // { ok: true, graph, removedNodes: ['long-email'] }
 * ```
 */
export function replaceSplitWithArm(graph: Graph, splitId: string, armId: string): WinnerResult {
  const split = graph.nodes.find((n) => n.id === splitId);
  if (split?.type !== 'split') {
    return { ok: false, path: 'nodeId', message: `There is no split step '${splitId}' in this journey` };
  }
  const arms = (split.config.arms ?? []) as Array<{ id: string; label: string }>;
  if (!arms.some((arm) => arm.id === armId)) {
    return { ok: false, path: 'arm', message: `The split has no arm '${armId}'` };
  }
  const next = graph.edges.find((e) => e.source === splitId && e.sourceHandle === armId)?.target;
  // Journeys start at their triggers: what no trigger reaches any more is dropped.
  const roots = graph.nodes.filter((n) => n.type === 'trigger').map((n) => n.id);
  const edges = graph.edges
    .filter((e) => e.source !== splitId && !(e.target === splitId && next === undefined))
    .map((e) => (e.target === splitId ? { ...e, target: next! } : e));
  const reachable = new Set<string>(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of edges) {
      if (reachable.has(e.source) && !reachable.has(e.target)) {
        reachable.add(e.target);
        grew = true;
      }
    }
  }
  const nodes = graph.nodes.filter((n) => n.id !== splitId && reachable.has(n.id));
  const removedNodes = graph.nodes.filter((n) => n.id !== splitId && !reachable.has(n.id)).map((n) => n.id);
  return {
    ok: true,
    graph: {
      ...graph,
      nodes,
      edges: edges.filter((e) => reachable.has(e.source) && reachable.has(e.target)),
    },
    removedNodes,
  };
}
