import type {
  Graph,
  GraphChange,
  GraphDiff,
  GraphEdge,
  GraphNode,
  NodeRegistry,
} from '@crossroads/graph-schema';
import { branchLabel } from '@crossroads/nodes';
import type { CanvasDecorations } from '../../canvas/decorations/decorations.js';

export type NodeChangeStatus = 'added' | 'removed' | 'changed' | 'moved';

/** Everything the compare view draws: a merged graph, its decorations and the change lists. */
export interface DiffOverlay {
  /** The newer graph plus removed nodes and edges of the older one, kept as ghosts. */
  graph: Graph;
  decorations: CanvasDecorations;
  status: Record<string, NodeChangeStatus>;
  /** Field-level changes per node (behaviour only; moves are in `moved`). */
  fieldChanges: Record<string, GraphChange[]>;
  /** Journey-level changes: name, description, settings. */
  journeyChanges: GraphChange[];
  /** Layout-only moves, listed apart so they do not hide real changes. */
  moved: GraphChange[];
}

const GHOST_EDGE = 'ghost:';

/**
 * Maps a `diffGraphs` result onto the canvas: added nodes green, removed ones red as ghosts (placed
 * where they were), changed ones amber with their field changes, layout-only moves dashed.
 *
 * @example
 * const overlay = diffOverlay(v1.graph, v2.graph, diff);
 * overlay.decorations.nodes.qualify; // { className: 'diff-changed', title: '1 change' }
 */
export function diffOverlay(
  from: Graph,
  to: Graph,
  diff: GraphDiff,
  registry?: Pick<NodeRegistry, 'get'>,
): DiffOverlay {
  // An added or removed line from a step with several outputs says which branch it leaves by name.
  const mark = (word: string, graph: Graph, edge: GraphEdge | undefined) => {
    if (!edge || !registry) return word;
    const node = graph.nodes.find((n) => n.id === edge.source);
    const info = node && registry.get(node.type, node.version);
    const several = graph.edges.some((e) => e.source === edge.source && e.sourceHandle !== edge.sourceHandle);
    if (!info || (!several && edge.sourceHandle === 'next')) return word;
    return `${word}: ${branchLabel(graph, edge.source, edge.sourceHandle, registry)}`;
  };
  const toEdges = new Map(to.edges.map((e) => [e.id, e]));
  const status: Record<string, NodeChangeStatus> = {};
  const fieldChanges: Record<string, GraphChange[]> = {};
  const journeyChanges: GraphChange[] = [];
  const moved: GraphChange[] = [];
  const decorations: CanvasDecorations = { nodes: {}, edges: {} };
  const ghostNodes: GraphNode[] = [];
  const ghostEdges: GraphEdge[] = [];
  const fromNodes = new Map(from.nodes.map((n) => [n.id, n]));
  const fromEdges = new Map(from.edges.map((e) => [e.id, e]));

  for (const change of diff.changes) {
    const id = change.nodeId;
    switch (change.kind) {
      case 'node-added':
        if (id) status[id] = 'added';
        break;
      case 'node-removed': {
        const node = id ? fromNodes.get(id) : undefined;
        if (id && node) {
          status[id] = 'removed';
          ghostNodes.push(node);
        }
        break;
      }
      case 'node-changed':
        if (id) {
          if (status[id] !== 'added') status[id] = 'changed';
          fieldChanges[id] = [...(fieldChanges[id] ?? []), change];
        }
        break;
      case 'node-moved':
        moved.push(change);
        if (id && !status[id]) status[id] = 'moved';
        break;
      case 'edge-added':
        if (change.edgeId)
          decorations.edges[change.edgeId] = {
            className: 'diff-edge-added',
            label: mark('added', to, toEdges.get(change.edgeId)),
          };
        break;
      case 'edge-renamed':
        if (change.edgeId) decorations.edges[change.edgeId] = { className: 'diff-edge-changed' };
        break;
      case 'edge-removed': {
        const edge = change.edgeId ? fromEdges.get(change.edgeId) : undefined;
        if (edge) {
          const ghostId = `${GHOST_EDGE}${edge.id}`;
          ghostEdges.push({ ...edge, id: ghostId });
          decorations.edges[ghostId] = { className: 'diff-edge-removed', label: mark('removed', from, edge) };
        }
        break;
      }
      case 'graph-changed':
      case 'settings-changed':
        journeyChanges.push(change);
        break;
    }
  }
  for (const [id, s] of Object.entries(status)) {
    const n = fieldChanges[id]?.length ?? 0;
    const title =
      s === 'changed' ? `${n} change${n === 1 ? '' : 's'}` : s === 'moved' ? 'moved (layout only)' : s;
    decorations.nodes[id] = { className: `diff-${s}`, title };
  }
  const nodeIds = new Set([...to.nodes.map((n) => n.id), ...ghostNodes.map((n) => n.id)]);
  const graph: Graph = {
    ...to,
    nodes: [...to.nodes, ...ghostNodes],
    // A ghost edge is drawn only when both of its ends are on the canvas.
    edges: [...to.edges, ...ghostEdges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target))],
  };
  return { graph, decorations, status, fieldChanges, journeyChanges, moved };
}
