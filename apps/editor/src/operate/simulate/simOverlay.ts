import type { Graph, NodeRegistry } from '@crossroads/graph-schema';
import { branchLabel, type SimulationResult } from '@crossroads/nodes';
import type { CanvasDecorations } from '../../canvas/decorations/decorations.js';

/** What one node did in a simulation, for the card pinned to it. */
export interface NodeOutcome {
  nodeId: string;
  /** Outputs taken, in order (a node visited twice lists two). */
  outputs: string[];
  /** The same outputs as people named them (a gate branch's label); the ids are for hover. */
  outputLabels: string[];
  /** One-line reasons from the executor. */
  reasons: string[];
  /** Values the node's rule read (gates, filters, goals). */
  reads: Array<[string, unknown]>;
  /** Waits: since, until (deadline), resumed at/by. */
  wait?: { since: string; until: string; resumedAt: string | null; resumedBy: string | null };
  converted?: boolean;
}

export interface SimOverlay {
  decorations: CanvasDecorations;
  outcomes: Record<string, NodeOutcome>;
  /** The node the journey ended (or stopped) on. */
  endNodeId: string | null;
}

/**
 * Lights the simulated path on the canvas: visited nodes lit, the rest dimmed, each edge taken
 * labelled, the end node marked; and per node the branch taken, the values read and wait times.
 *
 * @example
 * simOverlay(graph, result).decorations.edges['e-qualify-hot-saas'] // { className: 'sim-edge-lit', label: 'taken', ... }
 */
export function simOverlay(
  graph: Graph,
  result: SimulationResult,
  registry?: Pick<NodeRegistry, 'get'>,
): SimOverlay {
  const outcomes: Record<string, NodeOutcome> = {};
  const outcomeOf = (nodeId: string): NodeOutcome => {
    outcomes[nodeId] ??= { nodeId, outputs: [], outputLabels: [], reasons: [], reads: [] };
    return outcomes[nodeId];
  };
  const decorations: CanvasDecorations = { nodes: {}, edges: {} };
  const edgeByOutput = new Map(graph.edges.map((e) => [`${e.source}\u0000${e.sourceHandle}`, e.id]));
  const taken = new Map<string, number>();
  for (const step of result.path) {
    const o = outcomeOf(step.nodeId);
    if (step.output) {
      o.outputs.push(step.output);
      o.outputLabels.push(registry ? branchLabel(graph, step.nodeId, step.output, registry) : step.output);
      const edgeId = edgeByOutput.get(`${step.nodeId}\u0000${step.output}`);
      if (edgeId) taken.set(edgeId, (taken.get(edgeId) ?? 0) + 1);
    }
    if (step.reason?.summary) o.reasons.push(step.reason.summary);
    const reads = step.reason?.details?.reads;
    if (reads && typeof reads === 'object') o.reads.push(...Object.entries(reads as Record<string, unknown>));
    if ('converted' in step.decision) o.converted = true;
  }
  for (const wait of result.waits) {
    const o = outcomeOf(wait.nodeId);
    o.wait = { since: wait.since, until: wait.until, resumedAt: wait.resumedAt, resumedBy: wait.resumedBy };
  }
  const endNodeId = result.path.at(-1)?.nodeId ?? null;
  for (const node of graph.nodes) {
    const visited = node.id in outcomes;
    decorations.nodes[node.id] = {
      className: !visited ? 'sim-dim' : node.id === endNodeId ? 'sim-lit sim-end' : 'sim-lit',
    };
  }
  for (const edge of graph.edges) {
    const count = taken.get(edge.id);
    decorations.edges[edge.id] = count
      ? {
          className: 'sim-edge-lit',
          label: count > 1 ? `taken ×${count}` : 'taken',
          strokeWidth: 3,
          animated: true,
        }
      : { className: 'sim-edge-dim' };
  }
  return { decorations, outcomes, endNodeId };
}
