import type { Edge, Node } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { decorateEdges, decorateNodes, NO_DECORATIONS } from './decorations.js';

const nodes: Node[] = [
  { id: 'a', position: { x: 0, y: 0 }, data: {} },
  { id: 'b', position: { x: 1, y: 0 }, data: {}, className: 'x' },
];
const edges: Edge[] = [{ id: 'e', source: 'a', target: 'b' }];

describe('decorations', () => {
  it('leaves arrays untouched without decorations', () => {
    expect(decorateNodes(nodes, null)).toBe(nodes);
    expect(decorateEdges(edges, NO_DECORATIONS)).toBe(edges);
  });
  it('adds classes to decorated nodes and keeps the others identical', () => {
    const out = decorateNodes(nodes, { nodes: { b: { className: 'is-changed' } }, edges: {} });
    expect(out[0]).toBe(nodes[0]);
    expect(out[1]?.className).toBe('x is-changed');
  });
  it('labels and thickens edges', () => {
    const [edge] = decorateEdges(edges, { nodes: {}, edges: { e: { label: '12', strokeWidth: 5 } } });
    expect(edge).toMatchObject({ label: '12', style: { strokeWidth: 5 } });
  });
});
