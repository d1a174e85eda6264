import type { NodeSizes } from './autoLayout.js';
import type { Graph } from './types.js';

const CARD = { width: 260, height: 96 };
const GAP = 40;

/**
 * Where a new card placed at `at` (its top-left) lands without covering another: `at` when it is
 * free, else the first free spot straight below (people read down the page), stepping one card
 * height at a time.
 *
 * @example
 * freeSpot(graph, {}, { x: 0, y: 0 }); // { x: 0, y: 136 } when a card already sits at the origin
 */
export function freeSpot(
  graph: Pick<Graph, 'nodes'>,
  sizes: NodeSizes,
  at: { x: number; y: number },
  size: { width: number; height: number } = CARD,
): { x: number; y: number } {
  const boxes = graph.nodes.map((n) => ({ ...n.position, ...(sizes[n.id] ?? CARD) }));
  const spot = { x: Math.round(at.x), y: Math.round(at.y) };
  for (let i = 0; i < 500; i++) {
    const hit = boxes.find(
      (b) =>
        spot.x < b.x + b.width + GAP &&
        spot.x + size.width + GAP > b.x &&
        spot.y < b.y + b.height + GAP &&
        spot.y + size.height + GAP > b.y,
    );
    if (!hit) return spot;
    spot.y = hit.y + hit.height + GAP;
  }
  return spot;
}
