import type { Graph, GraphEdge, GraphNode, OutputSpec } from '@crossroads/graph-schema';

export type { Graph, GraphEdge, GraphNode, OutputSpec };

/** Answers which outputs a node has (gate branches depend on its config). */
export type OutputsOf = (node: GraphNode) => OutputSpec[];
