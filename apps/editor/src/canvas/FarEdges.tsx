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
    return parts.join('');
  }, [edges, nodes, store]);
  return (
    <ViewportPortal>
      <svg className="far-edges" aria-hidden="true">
        <path d={d} />
      </svg>
    </ViewportPortal>
  );
});

/** Where an edge meets a handle, as React Flow computes it (bottom handles at their bottom edge). */
function handlePoint(node: InternalNode, type: 'source' | 'target', id: string | null | undefined) {
  const handles = node.internals.handleBounds?.[type];
  const handle = handles?.find((h) => h.id === id) ?? (id ? undefined : handles?.[0]);
  if (!handle) return undefined;
  const { x, y } = node.internals.positionAbsolute;
  const bottom = handle.position === Position.Bottom;
  return { x: x + handle.x + handle.width / 2, y: y + handle.y + (bottom ? handle.height : 0) };
}
