import {
  type Edge,
  getSmoothStepPath,
  type InternalNode,
  type Node,
  Position,
  useStoreApi,
  ViewportPortal,
} from '@xyflow/react';
import { memo, useMemo } from 'react';

/**
 * The plain edges of a large journey seen from far away, drawn as one SVG path under the nodes.
 * React Flow gives every edge an SVG element and three store subscriptions that run on every pan
 * frame; at overview zoom on 1,000 nodes that was most of a frame's script and paint time. The
 * caller hides these edges in React Flow (selected and decorated edges stay real edges) and
 * re-renders this when nodes change, which also brings fresh handle positions.
 *
 * Under the path lies a frame around all the cards (`far-extent`, drawn but not visible). While the
 * pane is dragged the viewport is its own compositor layer, and Chromium puts into that layer only
 * what lies within what it already holds (else the layer would grow sparse): the first thing painted
 * decides. The path alone was that first thing, and since lines leave cards at the bottom and enter
 * at the top, cards past its ends (a whole column of a wide journey) each became a layer of their
 * own, spread through the paint order, and every pan frame layerized ~4,000 paint chunks against
 * them (PaintArtifactCompositor::Update ~23 ms a frame at 1,000 nodes; ~4 ms with the frame).
 */
export const FarEdges = memo(function FarEdges({ edges, nodes }: { edges: Edge[]; nodes: Node[] }) {
  const store = useStoreApi();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `nodes` changes whenever React Flow measures them.
  const d = useMemo(() => {
    const { nodeLookup } = store.getState();
    const parts: string[] = [];
    for (const edge of edges) {
      const source = nodeLookup.get(edge.source);
      const target = nodeLookup.get(edge.target);
      const from = source && handlePoint(source, 'source', edge.sourceHandle);
      const to = target && handlePoint(target, 'target', edge.targetHandle);
      if (!from || !to) continue;
      const [path] = getSmoothStepPath({
        sourceX: from.x,
        sourceY: from.y,
        sourcePosition: Position.Bottom,
        targetX: to.x,
        targetY: to.y,
        targetPosition: Position.Top,
      });
      parts.push(path);
    }
    return { path: parts.join(''), extent: extentOf(nodeLookup.values()) };
  }, [edges, nodes, store]);
  return (
    <ViewportPortal>
      {d.extent && <div className="far-extent" style={d.extent} aria-hidden="true" />}
      <svg className="far-edges" aria-hidden="true">
        <path d={d.path} />
      </svg>
    </ViewportPortal>
  );
});

/** Room around the cards for what they paint outside their box: handles, shadows, focus rings. */
const EXTENT_MARGIN = 40;

/** The rectangle around every node (flow coordinates, with a margin), as CSS; none before they are measured. */
export function extentOf(nodes: Iterable<InternalNode>) {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const node of nodes) {
    const { x, y } = node.internals.positionAbsolute;
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x + (node.measured.width ?? 0));
    bottom = Math.max(bottom, y + (node.measured.height ?? 0));
  }
  if (!Number.isFinite(left)) return undefined;
  return {
    left: left - EXTENT_MARGIN,
    top: top - EXTENT_MARGIN,
    width: right - left + 2 * EXTENT_MARGIN,
    height: bottom - top + 2 * EXTENT_MARGIN,
  };
}

/** Where an edge meets a handle, as React Flow computes it (bottom handles at their bottom edge). */
function handlePoint(node: InternalNode, type: 'source' | 'target', id: string | null | undefined) {
  const handles = node.internals.handleBounds?.[type];
  const handle = handles?.find((h) => h.id === id) ?? (id ? undefined : handles?.[0]);
  if (!handle) return undefined;
  const { x, y } = node.internals.positionAbsolute;
  const bottom = handle.position === Position.Bottom;
  return { x: x + handle.x + handle.width / 2, y: y + handle.y + (bottom ? handle.height : 0) };
}
