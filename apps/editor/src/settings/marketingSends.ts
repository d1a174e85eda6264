import type { Graph } from '@crossroads/graph-schema';

/**
 * Whether a journey sends marketing email: a send step whose category is not transactional
 * (marketing is the send node's default). Such emails need the workspace's postal address.
 *
 * @example
 * sendsMarketing(graph) // true for the pricing-page example
 */
export function sendsMarketing(graph: Pick<Graph, 'nodes'>): boolean {
  return graph.nodes.some((node) => {
    if (node.type !== 'send') return false;
    const category = (node.config as { category?: unknown } | undefined)?.category;
    return category !== 'transactional';
  });
}
