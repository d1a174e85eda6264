import type { Graph, GraphNode, OutputSpec } from '@crossroads/graph-schema';

/** What labels are read from: a journey's graph and, for outputs, its node types' outputs. */
export type OutputsOf = (node: GraphNode) => OutputSpec[];

/** 'wait-for-event' → 'Wait for event': a step without a label is named by its type. */
export const typeTitle = (type: string) => {
  const words = (type.split('/').pop() || type).replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * A step as ops staff named it: its label, else its type's title; the id only when the step is
 * not in the graph (a removed step). Ids belong in `title` attributes, never in visible text.
 *
 * @example
 * stepLabel(graph, 'qualify') // 'Sales-ready?'
 */
export function stepLabel(graph: Graph | undefined, nodeId: string): string {
  const node = graph?.nodes.find((n) => n.id === nodeId);
  if (!node) return nodeId;
  return node.label?.trim() || typeTitle(node.type);
}

/**
 * An output (branch) of a step by its label: 'Hot SaaS lead', 'Timed out'. The one place that
 * names outputs, so the canvas' `branchLabel` can replace it in one edit.
 *
 * @example
 * branchLabel(outputsOf, graph, 'qualify', 'hot-saas') // 'Hot SaaS lead'
 */
export function branchLabel(
  outputsOf: OutputsOf | undefined,
  graph: Graph | undefined,
  nodeId: string,
  handle: string,
): string {
  const node = graph?.nodes.find((n) => n.id === nodeId);
  const spec = node && outputsOf ? outputsOf(node).find((o) => o.id === handle) : undefined;
  if (spec?.label) return spec.label;
  if (handle === 'else') return 'Everyone else';
  return typeTitle(handle);
}

/** How many outputs a step has (one output needs no name: "continued"). */
export const outputCount = (outputsOf: OutputsOf | undefined, graph: Graph | undefined, nodeId: string) => {
  const node = graph?.nodes.find((n) => n.id === nodeId);
  return node && outputsOf ? outputsOf(node).length : 0;
};
