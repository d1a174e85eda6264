import type { Edge, Node } from '@xyflow/react';

/** How an overlay marks one node: a class (coloured ring, ghost, lit) and a tooltip. */
export interface NodeDecoration {
  className?: string;
  title?: string;
}

/** How an overlay marks one edge: a class, a label (counts, "taken") and a thickness. */
export interface EdgeDecoration {
  className?: string;
  label?: string;
  strokeWidth?: number;
  animated?: boolean;
}

/** Marks an overlay (diff, simulation, live analytics) puts on the canvas, by node and edge id. */
export interface CanvasDecorations {
  nodes: Record<string, NodeDecoration>;
  edges: Record<string, EdgeDecoration>;
}

export const NO_DECORATIONS: CanvasDecorations = { nodes: {}, edges: {} };

/**
 * React Flow nodes with their decorations applied. Undecorated nodes keep their identity, so
 * memoised node components do not re-render.
 *
 * @example
 * decorateNodes(nodes, { nodes: { gate: { className: 'is-changed' } }, edges: {} })
 */
export function decorateNodes<N extends Node>(nodes: N[], decorations: CanvasDecorations | null): N[] {
  if (!decorations || Object.keys(decorations.nodes).length === 0) return nodes;
  return nodes.map((node) => {
    const d = decorations.nodes[node.id];
    if (!d) return node;
    return { ...node, className: [node.className, d.className].filter(Boolean).join(' ') };
  });
}

/** React Flow edges with labels, classes and thickness from the decorations. */
export function decorateEdges(edges: Edge[], decorations: CanvasDecorations | null): Edge[] {
  if (!decorations || Object.keys(decorations.edges).length === 0) return edges;
  return edges.map((edge) => {
    const d = decorations.edges[edge.id];
    if (!d) return edge;
    return {
      ...edge,
      className: [edge.className, d.className].filter(Boolean).join(' '),
      ...(d.label !== undefined && {
        label: d.label,
        labelBgPadding: [6, 3] as [number, number],
        labelBgBorderRadius: 4,
      }),
      ...(d.strokeWidth !== undefined && { style: { ...edge.style, strokeWidth: d.strokeWidth } }),
      ...(d.animated !== undefined && { animated: d.animated }),
    };
  });
}
