import { createContext } from 'react';
import type { Rect } from './routeEdge.js';

/** Where the cards are (flow coordinates), so routed lines can go around them. */
export const CardsContext = createContext<readonly Rect[]>([]);

/** Fallback size of a card React Flow has not measured yet. */
const CARD = { width: 260, height: 96 };

/**
 * The cards' boxes from nodes and the sizes React Flow measured.
 *
 * @example
 * cardRects([{ id: 'a', position: { x: 0, y: 0 } }], {}); // [{ x: 0, y: 0, width: 260, height: 96 }]
 */
export function cardRects(
  nodes: ReadonlyArray<{ id: string; position: { x: number; y: number } }>,
  sizes: Readonly<Record<string, { width: number; height: number }>>,
): Rect[] {
  return nodes.map((n) => ({ ...n.position, ...(sizes[n.id] ?? CARD) }));
}
