import type { WorkflowInsights, WorkflowStats } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import type { CanvasDecorations } from '../../canvas/decorations/decorations.js';

/** Live numbers of one node, as its card on the canvas shows them. */
export interface NodeNumbers {
  nodeId: string;
  entered: number;
  waiting: number;
  /** Journeys that ended on this node (completed, exited, failed). */
  ended: number;
  outputs: Record<string, number>;
  /** Sends: emails by delivery state, and engagement of the sent ones. */
  email?: { sent: number; opened: number; clicked: number; replied: number };
  handoffs?: number;
  conversions: number;
}

export interface LiveOverlay {
  decorations: CanvasDecorations;
  nodes: Record<string, NodeNumbers>;
  totals: { enrolled: number; converted: number; inJourney: number; conversionRate: number | null };
}

const sum = (r: Record<string, number> | undefined) => Object.values(r ?? {}).reduce((a, b) => a + b, 0);

/** `part / whole` as a whole percentage, or null when there is no whole. */
export const rate = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 100) : null;

/**
 * Live analytics on the canvas: per node entered / waiting / ended / per output, email rates and
 * handoffs; edges labelled with how many contacts took them and their share of the split, drawn
 * thicker the more contacts took them.
 *
 * @example
 * liveOverlay(graph, stats, insights).decorations.edges['e-qualify-hot-saas'] // { label: '3 · 60%', strokeWidth: 7.5 }
 */
export function liveOverlay(
  graph: Graph,
  stats: WorkflowStats,
  insights: WorkflowInsights | null,
): LiveOverlay {
  const byNode = new Map(stats.nodes.map((n) => [n.nodeId, n]));
  const engagement = new Map((insights?.engagement ?? []).map((e) => [e.nodeId, e]));
  const nodes: Record<string, NodeNumbers> = {};
  const decorations: CanvasDecorations = { nodes: {}, edges: {} };
  for (const node of graph.nodes) {
    const s = byNode.get(node.id);
    const numbers: NodeNumbers = {
      nodeId: node.id,
      entered: s?.entered ?? 0,
      waiting: s?.waiting ?? 0,
      ended: s ? s.ended.completed + s.ended.exited + s.ended.failed : 0,
      outputs: s?.outputs ?? {},
      conversions: s?.conversions ?? 0,
    };
    if (node.type === 'send') {
      const e = engagement.get(node.id);
      numbers.email = {
        sent: s?.emails.sent ?? 0,
        opened: e?.opened ?? 0,
        clicked: e?.clicked ?? 0,
        replied: e?.replied ?? 0,
      };
    }
    if (node.type === 'sales-handoff') numbers.handoffs = sum(s?.handoffs);
    nodes[node.id] = numbers;
    decorations.nodes[node.id] = { className: numbers.entered > 0 ? 'live-hot' : 'live-cold' };
  }
  const max = Math.max(1, ...graph.edges.map((e) => nodes[e.source]?.outputs[e.sourceHandle] ?? 0));
  for (const edge of graph.edges) {
    const source = nodes[edge.source];
    const count = source?.outputs[edge.sourceHandle] ?? 0;
    const share = rate(count, sum(source?.outputs));
    const split = source && Object.keys(source.outputs).length > 1 && share !== null ? ` · ${share}%` : '';
    decorations.edges[edge.id] = {
      className: count > 0 ? 'live-edge' : 'live-edge live-edge--empty',
      label: `${count}${split}`,
      strokeWidth: 1.5 + (6 * count) / max,
    };
  }
  const enrolled = sum(stats.enrollments);
  const converted = stats.enrollments.converted ?? 0;
  const inJourney = (stats.enrollments.active ?? 0) + (stats.enrollments.waiting ?? 0);
  return {
    decorations,
    nodes,
    totals: { enrolled, converted, inJourney, conversionRate: rate(converted, enrolled) },
  };
}

/** Nodes where journeys ended, most first: where contacts drop off. */
export function dropOff(
  overlay: LiveOverlay,
): Array<{ nodeId: string; ended: number; share: number | null }> {
  const total = Object.values(overlay.nodes).reduce((a, n) => a + n.ended, 0);
  return Object.values(overlay.nodes)
    .filter((n) => n.ended > 0)
    .sort((a, b) => b.ended - a.ended)
    .map((n) => ({ nodeId: n.nodeId, ended: n.ended, share: rate(n.ended, total) }));
}
