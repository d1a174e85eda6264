import type { GraphNode } from '@crossroads/graph-schema';

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Fallback size of a node React Flow has not measured yet. */
const NODE_SIZE = { width: 260, height: 90 };

/**
 * The box around all nodes in flow coordinates, or null for an empty graph.
 *
 * @example
 * graphBounds([{ position: { x: 0, y: 0 }, id: 'a', ... }], {}); // { minX: 0, minY: 0, maxX: 260, maxY: 90 }
 */
export function graphBounds(
  nodes: readonly GraphNode[],
  sizes: Record<string, { width: number; height: number }>,
): Bounds | null {
  if (nodes.length === 0) return null;
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const n of nodes) {
    const size = sizes[n.id] ?? NODE_SIZE;
    b.minX = Math.min(b.minX, n.position.x);
    b.minY = Math.min(b.minY, n.position.y);
    b.maxX = Math.max(b.maxX, n.position.x + size.width);
    b.maxY = Math.max(b.maxY, n.position.y + size.height);
  }
  return b;
}

/**
 * Whether the whole graph fits on a canvas of `width` × `height` pixels at `zoom` (wherever it is
 * panned to). Depends on the zoom only, so panning never flips it.
 *
 * @example
 * graphFits(0.5, 800, 600, { minX: 0, minY: 0, maxX: 1000, maxY: 500 }); // true
 */
export function graphFits(zoom: number, width: number, height: number, b: Bounds | null): boolean {
  if (!b || width <= 0 || height <= 0) return false;
  return (b.maxX - b.minX) * zoom <= width && (b.maxY - b.minY) * zoom <= height;
}
