import type { Graph, GraphChange, GraphEdge } from '@crossroads/graph-schema';
import { branchLabel, type OutputsOf, outputCount, stepLabel } from '../shell/labels.js';

const isEdge = (value: unknown): value is GraphEdge =>
  typeof value === 'object' && value !== null && 'source' in value && 'target' in value;

/**
 * A change as ops staff read it: connections named by their steps' labels and the branch they
 * leave from ("Added connection 'Sales-ready?' (Hot SaaS lead) → 'Hand to regional AE'"), where
 * the diff's own summary names edges by ids. Other changes keep the diff's summary, which already
 * names steps by label.
 *
 * @example
 * changeSummary(change, v1, v2, catalog.outputsOf)
 */
export function changeSummary(change: GraphChange, from: Graph, to: Graph, outputsOf?: OutputsOf): string {
  if (!change.kind.startsWith('edge-')) return change.summary;
  const graph = change.kind === 'edge-removed' ? from : to;
  const edge = isEdge(change.before)
    ? change.before
    : isEdge(change.after)
      ? change.after
      : graph.edges.find((e) => e.id === change.edgeId);
  if (!edge) return change.summary;
  const branch =
    outputCount(outputsOf, graph, edge.source) > 1 || edge.sourceHandle !== 'next'
      ? ` (${branchLabel(outputsOf, graph, edge.source, edge.sourceHandle)})`
      : '';
  const connection = `'${stepLabel(graph, edge.source)}'${branch} → '${stepLabel(graph, edge.target)}'`;
  if (change.kind === 'edge-added') return `Added connection ${connection}`;
  if (change.kind === 'edge-removed') return `Removed connection ${connection}`;
  return `Connection ${connection} re-created (no change in behaviour)`;
}
